/// The Python exception classes the language raises (LANGUAGE.md, "Errors").
public enum ExceptionKind: String, CaseIterable {
    case syntaxError = "SyntaxError"
    case indentationError = "IndentationError"
    case nameError = "NameError"
    case typeError = "TypeError"
    case valueError = "ValueError"
    case indexError = "IndexError"
    case keyError = "KeyError"
    case attributeError = "AttributeError"
    case zeroDivisionError = "ZeroDivisionError"
    case fileNotFoundError = "FileNotFoundError"
    case isADirectoryError = "IsADirectoryError"
    case memoryError = "MemoryError"
    case keyboardInterrupt = "KeyboardInterrupt"
    case importError = "ImportError"
    case moduleNotFoundError = "ModuleNotFoundError"
    case notImplementedError = "NotImplementedError"
    case runtimeError = "RuntimeError"
    case assertionError = "AssertionError"
    case stopIteration = "StopIteration"
    case overflowError = "OverflowError"
    case osError = "OSError"
    case exception = "Exception"
    case mxnetError = "MXNetError"
    case badZipFile = "BadZipFile"
    case urlError = "URLError"
    case httpError = "HTTPError"
}

/// A position in a cell's source: 1-based line and column (columns count characters).
public struct SourceLocation: Equatable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// One frame of a traceback: where in which source the error passed.
public struct TraceFrame {
    /// The cell or file name, e.g. `"Cell In[3]"` or `"<stdin>"`, or a function's name.
    public var source: String
    public var function: String?
    public var location: SourceLocation
    /// The text of the line, for printing with a marker.
    public var lineText: String
    /// The whole source of the cell or function (shared, not copied), for the lines around the
    /// failing one in a traceback; empty when unknown.
    public var sourceLines: [String] = []
    public init(source: String, function: String?, location: SourceLocation, lineText: String) {
        self.source = source
        self.function = function
        self.location = location
        self.lineText = lineText
    }
}

/// A Python-style exception raised by a script or by a built-in on a user's mistake.
///
/// Built-ins throw it with a kind and a message; the interpreter adds the frames as it unwinds.
/// It never ends the process: the kernel turns it into an `error` reply.
public struct ScriptError: Error, CustomStringConvertible {
    public var kind: ExceptionKind
    public var message: String
    /// Outermost first, as Python prints them.
    public var frames: [TraceFrame] = []
    /// For a `SyntaxError`: where the parser stopped.
    public var location: SourceLocation?
    /// Further diagnostics, e.g. the other syntax errors the parser found after the first.
    public var notes: [String] = []
    /// The source name (`"Cell In[3]"`) and line text of a `SyntaxError`, for the caret display.
    public var sourceName: String?
    public var sourceLine: String?

    public init(_ kind: ExceptionKind, _ message: String, location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String { message.isEmpty ? kind.rawValue : "\(kind.rawValue): \(message)" }

    static func unhashable(_ value: Value) -> ScriptError {
        ScriptError(.typeError, "unhashable type: '\(value.typeName)'")
    }
}
