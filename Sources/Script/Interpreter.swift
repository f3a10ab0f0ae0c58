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

    /// The built-in names (`print`, `len`, `int`, `ValueError`, …), looked up after `globals`.
    public internal(set) var builtins: [String: Value] = [:]
    /// Python's recursion limit for script functions (`sys.getrecursionlimit()`); the interpreter
    /// also stops earlier when the thread's stack runs low.
    public var recursionLimit = 1000

    var frame = ExecutionFrame(source: "<stdin>", lines: [], function: nil)
    var callDepth = 0
    /// Exceptions being handled by `except` blocks, innermost last (for a bare `raise`).
    var handledErrors: [ScriptError] = []
    /// The lowest stack address the evaluator may reach before raising `RecursionError`.
    var stackFloor: UInt = 0
    /// How many cells have run; `Out` numbering is the host's business.
    var executionCount = 0

    public init(sink: OutputSink) {
        self.sink = sink
        installBuiltins()
    }

    /// Runs a cell. Returns the value of its last statement when that is an expression not
    /// ended by `;` (the cell's `Out[n]`) and not `None`, else `nil` — as IPython shows nothing
    /// for `None`. A final line magic returns the magic's value. The result is also bound to `_`.
    /// - Parameter cellName: the name used in tracebacks, e.g. `"Cell In[3]"`.
    /// - Throws: `ScriptError` with frames pointing at the failing line (`SyntaxError`s carry
    ///   `location`, `sourceName` and `sourceLine` instead of frames). Never traps on user input.
    public func execute(_ source: String, cellName: String) throws -> Value? {
        let lines = source.replacingAll("\r\n", with: "\n").components(separatedByString: "\n")
        let module: Module
        do {
            module = try Parser.parse(source)
        } catch var error as ScriptError {
            error.sourceName = cellName
            if let line = error.location?.line, line >= 1, line <= lines.count { error.sourceLine = lines[line - 1] }
            throw error
        }
        executionCount += 1
        let outerFrame = frame
        let outerDepth = callDepth
        let newFrame = ExecutionFrame(source: cellName, lines: lines, function: nil)
        frame = newFrame
        if callDepth == 0 { stackFloor = currentStackFloor() }
        defer {
            frame = outerFrame
            callDepth = outerDepth
        }
        do {
            var result: Value?
            for (index, statement) in module.body.enumerated() {
                let isLast = index == module.body.count - 1
                if isLast, !module.endsWithSemicolon, case .expression(let expr) = statement.kind {
                    try checkInterrupt()
                    newFrame.line = statement.location.line
                    result = try evaluate(expr, nil)
                } else if isLast, case .magic(let name, let arguments) = statement.kind {
                    try checkInterrupt()
                    newFrame.line = statement.location.line
                    result = try magicHandler(name, arguments, self)
                    if module.endsWithSemicolon { result = nil }
                } else {
                    switch try execute(statement, nil) {
                    case .normal: break
                    case .breakLoop, .continueLoop:
                        throw ScriptError(.syntaxError, "'break' outside loop", location: statement.location)
                    case .returned:
                        throw ScriptError(.syntaxError, "'return' outside function", location: statement.location)
                    }
                }
            }
            if case .none? = result { return nil }
            if let value = result { globals["_"] = value }
            return result
        } catch let error as ScriptError {
            var error = error
            error.frames.insert(newFrame.traceFrame, at: 0)
            throw error
        } catch {
            var wrapped = ScriptError(.runtimeError, "\(error)")
            wrapped.frames.insert(newFrame.traceFrame, at: 0)
            throw wrapped
        }
    }

    /// Forgets every variable of the session (IPython's `%reset -f`); built-ins stay.
    public func reset() {
        globals.removeAll()
        handledErrors.removeAll()
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
