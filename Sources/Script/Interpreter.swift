/// Whether a piece of source is a whole statement (Jupyter's `is_complete_request`).
public enum Completeness: Equatable {
    case complete
    /// More lines are needed; the string is the indent to continue with.
    case incomplete(indent: String)
    case invalid
}

/// Runs cells of the command language (LANGUAGE.md). Single-threaded; one per session.
///
/// The host (kernel, REPL, headless runner) gives it an `OutputSink` and fills `importer` and
/// `magicHandler`; Builtins registers the namespaces.
public final class Interpreter {
    /// Where `print`, logs and displays go.
    public var sink: OutputSink
    /// Global variables of the session.
    public var globals: [String: Value] = [:]
    /// Resolves `import a.b`: returns the module value for the dotted name, `nil` when unknown
    /// (→ `ModuleNotFoundError`).
    public var importer: (String) throws -> Value? = { _ in nil }
    /// Runs a line magic `%name args`; returns a value to show, or `nil`.
    /// - Throws: `ScriptError` (e.g. unknown magic → `UsageError` style `ValueError`).
    public var magicHandler: (String, String, Interpreter) throws -> Value? = { name, _, _ in
        throw ScriptError(.valueError, "Line magic function `%\(name)` not found.")
    }

    public init(sink: OutputSink) {
        self.sink = sink
    }

    /// Runs a cell. Returns the value of its last statement when that is an expression not
    /// ended by `;` (the cell's `Out[n]`), else `nil`.
    /// - Parameter cellName: the name used in tracebacks, e.g. `"Cell In[3]"`.
    /// - Throws: `ScriptError` with frames pointing at the failing line.
    public func execute(_ source: String, cellName: String) throws -> Value? {
        throw ScriptError(.notImplementedError, "the interpreter is not built yet")
    }

    /// Calls any callable value with `arguments`.
    /// - Throws: `TypeError` when `callee` is not callable, or whatever the callee throws.
    public func call(_ callee: Value, _ arguments: Arguments) throws -> Value {
        if case .object(let object) = callee, let result = try object.call(arguments, interpreter: self) {
            return result
        }
        throw ScriptError(.typeError, "'\(callee.typeName)' object is not callable")
    }

    /// Raises `KeyboardInterrupt` when the sink reports an interrupt.
    public func checkInterrupt() throws {
        if sink.takeInterrupt() { throw ScriptError(.keyboardInterrupt, "") }
    }
}
