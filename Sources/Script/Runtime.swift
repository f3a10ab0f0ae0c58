/// Local variables of one function call (or comprehension), chained to the scope it was
/// defined in so that closures and lambdas see their enclosing variables.
final class Scope {
    var variables: [String: Value] = [:]
    let enclosing: Scope?
    let globalNames: Set<String>
    /// The function's local variables (empty for comprehensions): reading one before it is
    /// assigned is an `UnboundLocalError`, as in Python.
    let localNames: Set<String>
    init(enclosing: Scope?, globalNames: Set<String> = [], localNames: Set<String> = []) {
        self.enclosing = enclosing
        self.globalNames = globalNames
        self.localNames = localNames
    }
}

/// Where execution is: the source being run and the line of the current statement.
final class ExecutionFrame {
    let source: String
    let lines: [String]
    let function: String?
    var line = 1
    init(source: String, lines: [String], function: String?) {
        self.source = source
        self.lines = lines
        self.function = function
    }

    var traceFrame: TraceFrame {
        let text = line >= 1 && line <= lines.count ? lines[line - 1] : ""
        var frame = TraceFrame(source: source, function: function, location: SourceLocation(line: line, column: 1), lineText: text)
        frame.sourceLines = lines
        return frame
    }
}

/// How a statement finished.
enum Flow {
    case normal
    case breakLoop
    case continueLoop
    case returned(Value)
}

/// A function defined by `def` or `lambda` in a script.
public final class FunctionObject: ScriptObject {
    let definition: FunctionDefinition
    let defaults: [Value?]
    let closure: Scope?
    let sourceName: String
    let sourceLines: [String]

    init(definition: FunctionDefinition, defaults: [Value?], closure: Scope?, sourceName: String, sourceLines: [String]) {
        self.definition = definition
        self.defaults = defaults
        self.closure = closure
        self.sourceName = sourceName
        self.sourceLines = sourceLines
    }

    /// The function's name (`"<lambda>"` for a lambda).
    public var name: String { definition.name }
    public var typeName: String { "function" }
    public func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? {
        try interpreter.invoke(self, arguments)
    }
    public func repr() -> String { "<function \(definition.name) at \(objectAddress(self))>" }
    public var documentation: String? {
        definition.signature + (definition.docstring.map { "\n\n" + $0 } ?? "")
    }
    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "__name__": return .str(definition.name)
        case "__doc__": return definition.docstring.map { .str($0) } ?? Value.none
        default: return nil
        }
    }
    public var attributeNames: [String] { ["__name__", "__doc__"] }
}

/// A Python-looking address for reprs such as `<function f at 0x7f…>`.
func objectAddress(_ object: AnyObject) -> String {
    "0x" + String(UInt(bitPattern: ObjectIdentifier(object).hashValue), radix: 16)
}

/// Python's lazy `range(start, stop, step)`.
public final class RangeObject: ScriptObject {
    public let start: Int
    public let stop: Int
    public let step: Int

    /// - Throws: `ValueError` when `step` is zero.
    public init(start: Int, stop: Int, step: Int) throws {
        if step == 0 { throw ScriptError(.valueError, "range() arg 3 must not be zero") }
        self.start = start
        self.stop = stop
        self.step = step
    }

    /// The number of values.
    /// The number of values (clamped to `Int.max` for ranges wider than that).
    public var count: Int {
        let span: UInt, stride: UInt
        if step > 0 {
            guard start < stop else { return 0 }
            span = UInt(bitPattern: stop &- start)
            stride = UInt(step)
        } else {
            guard start > stop else { return 0 }
            span = UInt(bitPattern: start &- stop)
            stride = step.magnitude
        }
        let n = (span - 1) / stride + 1
        return n > UInt(Int.max) ? Int.max : Int(n)
    }

    public func element(_ index: Int) -> Int { start &+ index &* step }

    public var typeName: String { "range" }
    public func repr() -> String {
        step == 1 ? "range(\(start), \(stop))" : "range(\(start), \(stop), \(step))"
    }
    public func length() throws -> Int? { count }
    public func iterate(interpreter: Interpreter) throws -> [Value]? {
        let n = count
        if n > 100_000_000 { throw ScriptError(.memoryError, "range of \(n) values is too large to materialize") }
        return (0..<n).map { .int(element($0)) }
    }
    public func contains(_ value: Value) throws -> Bool? {
        let v: Int
        switch value {
        case .int(let i): v = i
        case .bool(let b): v = b ? 1 : 0
        case .float(let d):
            guard d.rounded() == d, abs(d) < 9e18 else { return false }
            v = Int(d)
        default: return false
        }
        if step > 0 ? (v < start || v >= stop) : (v > start || v <= stop) { return false }
        let offset = UInt(bitPattern: v &- start)
        return step > 0 ? offset % UInt(step) == 0 : (UInt(bitPattern: start &- v)) % step.magnitude == 0
    }
    public func item(_ index: Value, interpreter: Interpreter) throws -> Value? {
        if case .object(let o) = index, let slice = o as? SliceObject {
            let (s, _, st, n) = try slice.indices(length: count)
            let newStart = element(s)
            return .object(try RangeObject(start: newStart, stop: newStart &+ n &* (step &* st), step: step &* st))
        }
        guard let i = index.asIndex else {
            throw ScriptError(.typeError, "range indices must be integers or slices, not \(index.typeName)")
        }
        let n = count
        let position = i < 0 ? i + n : i
        guard position >= 0 && position < n else { throw ScriptError(.indexError, "range object index out of range") }
        return .int(element(position))
    }
    public func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value? {
        guard op == .equal || op == .notEqual else { return nil }
        guard case .object(let o) = other, let r = o as? RangeObject else { return .bool(op == .notEqual) }
        let same = count == r.count && (count == 0 || (start == r.start && (count == 1 || step == r.step)))
        return .bool(same == (op == .equal))
    }
    public var hashKey: HashKey? { .tuple([.str("range"), .int(start), .int(stop), .int(step)]) }
}

/// A one-pass iterator over precomputed values (`iter()`, `zip`, `map`, generator expressions).
public final class IteratorObject: ScriptObject {
    public let typeName: String
    var items: [Value]
    var position = 0

    public init(typeName: String, items: [Value]) {
        self.typeName = typeName
        self.items = items
    }

    /// The next value, or `nil` when exhausted.
    public func next() -> Value? {
        guard position < items.count else { return nil }
        defer { position += 1 }
        return items[position]
    }

    public func repr() -> String { "<\(typeName) object at \(objectAddress(self))>" }
    public func iterate(interpreter: Interpreter) throws -> [Value]? {
        let rest = Array(items[min(position, items.count)...])
        position = items.count
        return rest
    }
    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        if name == "__next__" {
            return .object(BuiltinFunction("__next__") { [self] _, _ in
                guard let value = self.next() else { throw ScriptError(.stopIteration, "") }
                return value
            })
        }
        return nil
    }
}

/// A built-in type such as `int`, `str` or `list`: callable as a constructor, usable with
/// `isinstance` and printed as `<class 'int'>`.
public final class TypeObject: ScriptObject {
    public let name: String
    let constructor: (Arguments, Interpreter) throws -> Value
    let doc: String?

    init(_ name: String, doc: String? = nil, constructor: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name
        self.doc = doc
        self.constructor = constructor
    }

    public var typeName: String { "type" }
    public func repr() -> String { "<class '\(name)'>" }
    public func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? {
        try constructor(arguments, interpreter)
    }
    public var documentation: String? { doc }
    public var hashKey: HashKey? { .str("<type \(name)>") }
    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        if name == "__name__" { return .str(self.name) }
        // Unbound methods such as `str.upper` or `str.join`: the first argument is the receiver.
        let typeName = self.name
        guard methodNames(forType: typeName).contains(name) else { return nil }
        return .object(BuiltinFunction(name) { arguments, interpreter in
            guard let receiver = arguments.positional.first else {
                throw ScriptError(.typeError, "unbound method \(typeName).\(name)() needs an argument")
            }
            var rest = arguments
            rest.positional.removeFirst()
            return try interpreter.callMethod(receiver, name, rest)
        })
    }
}

/// An exception class such as `ValueError`: raising it or calling it builds an `ExceptionObject`.
public final class ExceptionTypeObject: ScriptObject {
    public let kind: ExceptionKind
    /// The displayed class name; differs from `kind` for aliases such as `RecursionError`.
    public let name: String
    public init(_ kind: ExceptionKind, name: String? = nil) {
        self.kind = kind
        self.name = name ?? kind.rawValue
    }
    /// Whether `except <this class>` catches an exception of `other` kind.
    public func catches(_ other: ExceptionKind) -> Bool {
        switch name {
        case "BaseException": return true
        case "LookupError": return other == .indexError || other == .keyError
        case "ArithmeticError": return other == .zeroDivisionError || other == .overflowError
        case "RecursionError": return other == .runtimeError
        default: return other.isSubclass(of: kind)
        }
    }

    public var typeName: String { "type" }
    public func repr() -> String { "<class '\(name)'>" }
    public func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? {
        .object(ExceptionObject(kind: kind, arguments: arguments.positional))
    }
    public var hashKey: HashKey? { .str("<exception \(name)>") }
    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        name == "__name__" ? .str(self.name) : nil
    }
}

/// A raised or caught exception as a value (`except ValueError as e`).
public final class ExceptionObject: ScriptObject {
    public let kind: ExceptionKind
    public let arguments: [Value]
    /// The error that was caught, when this object came from an `except … as e`.
    var error: ScriptError?

    public init(kind: ExceptionKind, arguments: [Value]) {
        self.kind = kind
        self.arguments = arguments
    }

    convenience init(_ error: ScriptError) {
        var arguments: [Value] = error.message.isEmpty ? [] : [.str(error.message)]
        if error.kind == .keyError {
            // A KeyError's message is the repr of the key: recover the key for `e.args`.
            let m = error.message
            if m.count >= 2, let q = m.first, q == "'" || q == "\"", m.last == q {
                arguments = [.str(String(m.dropFirst().dropLast()))]
            } else if let i = Int(m) {
                arguments = [.int(i)]
            } else if let d = Double(m) {
                arguments = [.float(d)]
            }
        }
        self.init(kind: error.kind, arguments: arguments)
        self.error = error
    }

    /// The message as Python's `str(e)` gives it.
    public var message: String {
        if let error = error { return error.message }
        switch arguments.count {
        case 0: return ""
        case 1: return kind == .keyError ? Value.reprOf(arguments[0]) : Value.strOf(arguments[0])
        default: return Value.reprOf(.tuple(arguments))
        }
    }

    public var typeName: String { kind.rawValue }
    public func repr() -> String {
        let inner = arguments.map { Value.reprOf($0) }.joined(separator: ", ")
        return "\(kind.rawValue)(\(inner))"
    }
    public func str() -> String { message }
    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        if name == "args" { return .tuple(arguments) }
        return nil
    }
    public var attributeNames: [String] { ["args"] }

    /// The error this exception raises as.
    var asError: ScriptError {
        if var e = error {
            e.frames = []
            return e
        }
        return ScriptError(kind, message)
    }
}

extension ExceptionKind {
    /// Python's class hierarchy: whether an `except parent` clause catches `self`.
    func isSubclass(of parent: ExceptionKind) -> Bool {
        if self == parent { return true }
        switch parent {
        case .exception: return self != .keyboardInterrupt
        case .syntaxError: return self == .indentationError
        case .importError: return self == .moduleNotFoundError
        case .osError: return [.fileNotFoundError, .isADirectoryError, .urlError, .httpError].contains(self)
        case .urlError: return self == .httpError
        case .runtimeError: return self == .notImplementedError
        default: return false
        }
    }
}

extension Value {
    /// The value as an index (`int` or `bool`), else `nil`.
    var asIndex: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}
