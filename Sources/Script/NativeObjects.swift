/// A function implemented in Swift (a built-in), callable from scripts.
///
/// Example (script): `len([1, 2])` calls the `len` built-in.
public final class BuiltinFunction: ScriptObject {
    public let name: String
    /// Signature and doc text shown by `help()`/inspection, e.g. `"randint(low, high=None, size=None)\n\nReturn random integers …"`.
    public let documentation: String?
    private let body: (Arguments, Interpreter) throws -> Value

    public init(_ name: String, doc: String? = nil, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        self.name = name
        self.documentation = doc
        self.body = body
    }

    public var typeName: String { "builtin_function_or_method" }
    public func call(_ arguments: Arguments, interpreter: Interpreter) throws -> Value? {
        try body(arguments, interpreter)
    }
    public func repr() -> String { "<built-in function \(name)>" }
}

/// A namespace such as `numpy`, `numpy.random` or `mx.symbol`: named members, read by attribute.
public final class ModuleObject: ScriptObject {
    public let name: String
    public let documentation: String?
    /// Member names in the order they were added (for completion and `dir()`).
    public private(set) var memberNames: [String] = []
    private var members: [String: Value] = [:]

    public init(_ name: String, doc: String? = nil) {
        self.name = name
        self.documentation = doc
    }

    /// Adds or replaces a member.
    public func define(_ member: String, _ value: Value) {
        if members.updateValue(value, forKey: member) == nil { memberNames.append(member) }
    }

    /// Adds a built-in function member named `member`.
    public func define(_ member: String, doc: String? = nil, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        define(member, .object(BuiltinFunction(member, doc: doc, body)))
    }

    public func member(_ name: String) -> Value? { members[name] }

    public var typeName: String { "module" }
    public var attributeNames: [String] { memberNames }
    public func attribute(_ name: String, interpreter: Interpreter) throws -> Value? { members[name] }
    public func setAttribute(_ name: String, to value: Value, interpreter: Interpreter) throws -> Bool {
        define(name, value)
        return true
    }
    public func repr() -> String { "<module '\(name)'>" }
}
