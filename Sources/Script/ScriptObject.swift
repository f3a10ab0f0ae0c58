/// Binary operators of the language, named as Python's data model names them.
public enum BinaryOperator: String {
    case add = "+", subtract = "-", multiply = "*", trueDivide = "/", floorDivide = "//"
    case modulo = "%", power = "**", matrixMultiply = "@"
    case bitAnd = "&", bitOr = "|", bitXor = "^", leftShift = "<<", rightShift = ">>"
}

/// Comparison operators (`in` and `is` are handled by the interpreter).
public enum ComparisonOperator: String {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
}

/// Unary operators.
public enum UnaryOperator: String {
    case negate = "-", plus = "+", invert = "~"
}

/// How the interpreter sees any value that is not a scalar or a Python container: functions,
/// modules, ndarrays, DataFrames, symbols, MXNet modules, figures.
///
/// Every requirement has a default (in the extension below) meaning "not supported", which the
/// interpreter turns into the `TypeError`/`AttributeError` Python would raise. Builtins
/// implements this protocol for each wrapped Swift type.
public protocol ScriptObject: AnyObject {
    /// The Python type name, used in error messages and `type(x)`: `"ndarray"`, `"DataFrame"`.
    var typeName: String { get }

    /// `obj.name`; `nil` means there is no such attribute (→ `AttributeError`).
    func attribute(_ name: String, interpreter: Interpreter) throws -> Value?
    /// `obj.name = value`; `false` means read-only (→ `AttributeError`).
    func setAttribute(_ name: String, to value: Value, interpreter: Interpreter) throws -> Bool
    /// Names offered by completion and `dir()`.
    var attributeNames: [String] { get }

    /// `obj(args)`; `nil` means not callable (→ `TypeError: 'x' object is not callable`).
    func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value?

    /// `obj[index]`: `index` is a `.tuple` for `a[i, j]`, a `SliceObject` for `a[1:2]`.
    /// `nil` means not subscriptable.
    func item(_ index: Value, interpreter: Interpreter) throws -> Value?
    /// `obj[index] = value`; `false` means no item assignment.
    func setItem(_ index: Value, to value: Value, interpreter: Interpreter) throws -> Bool

    /// `self op other` (or `other op self` when `reflected`); `nil` means NotImplemented.
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value?
    /// `self op other` for comparisons; `nil` means NotImplemented (== falls back to identity).
    func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value?
    /// `op self`; `nil` means unsupported.
    func unary(_ op: UnaryOperator) throws -> Value?

    /// `len(obj)`; `nil` means no length.
    func length() throws -> Int?
    /// `bool(obj)`; `nil` means "use length, else True".
    func truth() throws -> Bool?
    /// `iter(obj)`: the values in order; `nil` means not iterable.
    func iterate(interpreter: Interpreter) throws -> [Value]?
    /// `x in obj`; `nil` means fall back to iteration.
    func contains(_ value: Value) throws -> Bool?

    /// `repr(obj)`: the printed form in a console and `text/plain` of a result.
    func repr() -> String
    /// `str(obj)` / `print(obj)`; defaults to `repr()`.
    func str() -> String
    /// Extra MIME renderings for rich frontends (e.g. `text/html` of a DataFrame, `image/png`
    /// base64 of a figure); `text/plain` is always added from `repr()`.
    func richRepresentations() -> [String: String]

    /// Hash key for use in dicts and sets, `nil` when unhashable. Defaults to identity.
    var hashKey: HashKey? { get }
    /// Python-style signature and doc text, for `help(x)`, `x?` and inspection.
    var documentation: String? { get }
    /// The string keys `obj['…']` accepts, for completion (a DataFrame's column names); empty
    /// by default.
    var itemKeys: [String] { get }
}

public extension ScriptObject {
    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? { nil }
    func setAttribute(_ name: String, to value: Value, interpreter: Interpreter) throws -> Bool { false }
    var attributeNames: [String] { [] }
    func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? { nil }
    func item(_ index: Value, interpreter: Interpreter) throws -> Value? { nil }
    func setItem(_ index: Value, to value: Value, interpreter: Interpreter) throws -> Bool { false }
    func binary(_ op: BinaryOperator, _ other: Value, reflected: Bool) throws -> Value? { nil }
    func compare(_ op: ComparisonOperator, _ other: Value) throws -> Value? { nil }
    func unary(_ op: UnaryOperator) throws -> Value? { nil }
    func length() throws -> Int? { nil }
    func truth() throws -> Bool? { nil }
    func iterate(interpreter: Interpreter) throws -> [Value]? { nil }
    func contains(_ value: Value) throws -> Bool? { nil }
    func str() -> String { repr() }
    func richRepresentations() -> [String: String] { [:] }
    var hashKey: HashKey? { .identity(ObjectIdentifier(self)) }
    var documentation: String? { nil }
    var itemKeys: [String] { [] }
}

/// `start:stop:step` inside a subscript; absent parts are `.none`.
public final class SliceObject: ScriptObject {
    public let start: Value
    public let stop: Value
    public let step: Value
    public init(start: Value, stop: Value, step: Value) {
        self.start = start
        self.stop = stop
        self.step = step
    }
    public var typeName: String { "slice" }
    public var hashKey: HashKey? { nil }
    public func repr() -> String { "slice(\(Value.reprOf(start)), \(Value.reprOf(stop)), \(Value.reprOf(step)))" }

    /// Python's `slice.indices(length)`: concrete start, stop, step and element count.
    /// - Throws: `ValueError` for a zero step, `TypeError` for non-integer parts.
    public func indices(length: Int) throws -> (start: Int, stop: Int, step: Int, count: Int) {
        func integer(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default: throw ScriptError(.typeError, "slice indices must be integers or None")
            }
        }
        // Python clamps the step to ±sys.maxsize; -Int.max keeps `-step` from overflowing.
        let step = max(try integer(step) ?? 1, -Int.max)
        if step == 0 { throw ScriptError(.valueError, "slice step cannot be zero") }
        func clamp(_ raw: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var v = raw else { return defaultValue }
            if v < 0 { v += length }
            return min(max(v, low), high)
        }
        let start: Int, stop: Int
        if step > 0 {
            start = clamp(try integer(self.start), 0, low: 0, high: length)
            stop = clamp(try integer(self.stop), length, low: 0, high: length)
        } else {
            start = clamp(try integer(self.start), length - 1, low: -1, high: length - 1)
            stop = clamp(try integer(self.stop), -1, low: -1, high: length - 1)
        }
        // Written so that no intermediate value overflows for extreme steps.
        let count = step > 0 ? (stop > start ? (stop - start - 1) / step + 1 : 0)
                             : (start > stop ? (start - stop - 1) / -step + 1 : 0)
        return (start, stop, step, count)
    }
}
