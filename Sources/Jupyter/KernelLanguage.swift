import Foundation

/// The seam between the Jupyter layer and a language (STYLE.md point 2; xeus's interpreter).
///
/// The kernel calls every method on ONE thread (the interpreter thread), one request at a time,
/// so an implementation needs no locking. Output goes through the `KernelOutput` passed to
/// `execute`; the kernel turns results into Jupyter messages (busy/idle, replies, IOPub).
public protocol KernelLanguage: AnyObject {
    /// What `kernel_info_reply` says about the language.
    var info: LanguageInfo { get }

    /// Runs a cell. Output produced while running goes to `output` and is published at once.
    /// An interrupt is seen by polling `output.takeInterrupt()`; report it as
    /// `.error(ename: "KeyboardInterrupt", …)`.
    func execute(_ request: ExecuteRequest, output: KernelOutput) -> ExecuteOutcome

    /// Completions at `cursorPosition` (a Unicode code-point offset into `code`, as Jupyter
    /// counts; convert with `CursorPosition.index(in:codePointOffset:)`).
    func complete(code: String, cursorPosition: Int) -> CompletionResult

    /// Help for the name at `cursorPosition` (code points). `detailLevel` is 0 or 1 (`x?`/`x??`).
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> InspectResult

    /// Whether `code` is a whole statement (console frontends ask before executing).
    func isComplete(code: String) -> IsCompleteResult

    /// Called once before the process exits (`restart` true when the frontend restarts the
    /// kernel: a new process follows).
    func shutdown(restart: Bool)
}

/// The language part of `kernel_info_reply` plus banner and help links
/// ("Messaging in Jupyter", *Kernel info*).
public struct LanguageInfo: Equatable, Sendable {
    /// A link shown in the frontend's Help menu.
    public struct HelpLink: Equatable, Sendable {
        public var text: String
        public var url: String
        public init(text: String, url: String) {
            self.text = text
            self.url = url
        }
    }

    /// `language_info.name`, e.g. `python` (papermill and nbval key on it).
    public var name: String
    /// `language_info.version`.
    public var version: String
    /// `language_info.mimetype`, e.g. `text/x-python`.
    public var mimetype: String
    /// `language_info.file_extension`, with the dot, e.g. `.py`.
    public var fileExtension: String
    /// `language_info.pygments_lexer`, e.g. `ipython3`.
    public var pygmentsLexer: String?
    /// `language_info.codemirror_mode`: a mode name or an object such as
    /// `{"name": "ipython", "version": 3}`.
    public var codemirrorMode: JSONValue?
    /// `language_info.nbconvert_exporter`, e.g. `python`.
    public var nbconvertExporter: String?
    /// `banner`: the text a console shows at start.
    public var banner: String
    /// `help_links`.
    public var helpLinks: [HelpLink]
    /// The implementation's version (`implementation_version`); the implementation name itself
    /// is the kernel's (`KernelConfiguration.implementation`).
    public var implementationVersion: String

    public init(name: String, version: String, mimetype: String, fileExtension: String,
                pygmentsLexer: String? = nil, codemirrorMode: JSONValue? = nil,
                nbconvertExporter: String? = nil, banner: String = "", helpLinks: [HelpLink] = [],
                implementationVersion: String = "0.1.0") {
        self.name = name
        self.version = version
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.nbconvertExporter = nbconvertExporter
        self.banner = banner
        self.helpLinks = helpLinks
        self.implementationVersion = implementationVersion
    }

    /// The Python-flavoured info every Factorize language reports (DESIGN.md, "Conventions"):
    /// name `python`, version `3`, `text/x-python`, `.py`, lexer `ipython3`, CodeMirror
    /// `{name: ipython, version: 3}`, exporter `python`.
    public static func python(banner: String, helpLinks: [HelpLink] = [],
                              implementationVersion: String = "0.1.0") -> LanguageInfo {
        LanguageInfo(name: "python", version: "3", mimetype: "text/x-python", fileExtension: ".py",
                     pygmentsLexer: "ipython3", codemirrorMode: ["name": "ipython", "version": 3],
                     nbconvertExporter: "python", banner: banner, helpLinks: helpLinks,
                     implementationVersion: implementationVersion)
    }

    /// The `language_info` object.
    public var languageInfoJSON: JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name), "version": .string(version), "mimetype": .string(mimetype),
            "file_extension": .string(fileExtension),
        ]
        if let pygmentsLexer { members["pygments_lexer"] = .string(pygmentsLexer) }
        if let codemirrorMode { members["codemirror_mode"] = codemirrorMode }
        if let nbconvertExporter { members["nbconvert_exporter"] = .string(nbconvertExporter) }
        return .object(members)
    }
}

/// An `execute_request`, as the language sees it.
public struct ExecuteRequest: Equatable, Sendable {
    /// The cell's source.
    public var code: String
    /// `silent`: publish nothing, do not count (the kernel enforces this; a language may also
    /// skip work it only does for display).
    public var silent: Bool
    /// `store_history` (false whenever `silent`).
    public var storeHistory: Bool
    /// `user_expressions`: name → expression, to evaluate after the cell. Not yet answered.
    public var userExpressions: [String: String]
    /// `allow_stdin`: whether `KernelOutput.requestInput` may ask the frontend.
    public var allowStdin: Bool
    /// `stop_on_error` (the kernel aborts queued cells; informational here).
    public var stopOnError: Bool
    /// The `In[n]` number of this cell (the counter after this cell counts, or the current
    /// counter when it does not), for names like `Cell In[3]` in tracebacks.
    public var executionCount: Int

    public init(code: String, silent: Bool = false, storeHistory: Bool = true,
                userExpressions: [String: String] = [:], allowStdin: Bool = false,
                stopOnError: Bool = true, executionCount: Int = 1) {
        self.code = code
        self.silent = silent
        self.storeHistory = storeHistory
        self.userExpressions = userExpressions
        self.allowStdin = allowStdin
        self.stopOnError = stopOnError
        self.executionCount = executionCount
    }
}

/// A MIME bundle: MIME type → data, plus per-type metadata (`display_data`, `execute_result`,
/// `inspect_reply`). Images are base64 text under `image/png`; `application/json` data is a
/// JSON object, not a string. Always include `text/plain`.
public struct MIMEBundle: Equatable, Sendable {
    public var data: [String: JSONValue]
    public var metadata: [String: JSONValue]

    public init(data: [String: JSONValue], metadata: [String: JSONValue] = [:]) {
        self.data = data
        self.metadata = metadata
    }

    /// A bundle of string-valued MIME types (the shape `Script.OutputSink.display` uses).
    public init(strings: [String: String], metadata: [String: JSONValue] = [:]) {
        self.init(data: strings.mapValues { .string($0) }, metadata: metadata)
    }

    /// A bundle with only `text/plain`.
    public static func plainText(_ text: String) -> MIMEBundle {
        MIMEBundle(data: ["text/plain": .string(text)])
    }
}

/// How a cell ended.
public enum ExecuteOutcome: Equatable, Sendable {
    /// Success; `result` is the cell's value (`Out[n]`), published as `execute_result`, or nil.
    case ok(result: MIMEBundle?)
    /// Failure: `ename` (e.g. `ValueError`, `KeyboardInterrupt`), `evalue` (the message) and the
    /// traceback lines (may hold ANSI colours), published as `error` and in `execute_reply`.
    case error(ename: String, evalue: String, traceback: [String])
}

/// A `complete_reply`: the matches replace the code points `cursorStart..<cursorEnd`.
public struct CompletionResult: Equatable, Sendable {
    public var matches: [String]
    /// Code-point offsets into the request's code.
    public var cursorStart: Int
    public var cursorEnd: Int
    public var metadata: [String: JSONValue]

    public init(matches: [String], cursorStart: Int, cursorEnd: Int, metadata: [String: JSONValue] = [:]) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
        self.metadata = metadata
    }

    /// No completions at `cursor`.
    public static func none(at cursor: Int) -> CompletionResult {
        CompletionResult(matches: [], cursorStart: cursor, cursorEnd: cursor)
    }
}

/// An `inspect_reply`: `nil` bundle → `found: false`.
public struct InspectResult: Equatable, Sendable {
    public var bundle: MIMEBundle?

    public init(bundle: MIMEBundle?) {
        self.bundle = bundle
    }

    /// Nothing found.
    public static let notFound = InspectResult(bundle: nil)
}

/// An `is_complete_reply` status.
public enum IsCompleteResult: Equatable, Sendable {
    case complete
    /// More input is needed; `indent` is the suggested indentation of the next line.
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// The output side a running cell writes to (DESIGN.md: the output sink). Implemented by the
/// kernel for the request being run; called on the interpreter thread only.
public protocol KernelOutput: AnyObject {
    /// Writes text to `stdout` or `stderr`. Coalesced and published within ~50 ms while the cell
    /// runs, and always before the cell's reply.
    func stream(_ name: KernelStream, _ text: String)
    /// Publishes `display_data`, or `update_display_data` when `update` is true (which needs a
    /// `displayID`: the display of that id is replaced).
    func display(_ bundle: MIMEBundle, displayID: String?, update: Bool)
    /// Publishes `clear_output`; `wait` clears when the next output arrives.
    func clearOutput(wait: Bool)
    /// Asks the frontend for a line of input (`input_request` on stdin) and waits for it.
    /// - Throws: `KernelInputError.notAllowed` when the request had `allow_stdin: false`,
    ///   `.interrupted` when an interrupt arrives while waiting, `.shutdown` on shutdown.
    func requestInput(prompt: String, password: Bool) throws -> String
    /// Whether an interrupt (SIGINT or `interrupt_request`) arrived since the last call;
    /// reading clears it.
    func takeInterrupt() -> Bool
    /// Shows `bundle` in the frontend's pager (IPython's `x?`): a `{"source": "page", "data": …,
    /// "start": start}` entry in the `payload` of this cell's `execute_reply`. `start` is the
    /// first line shown (0-based). The default implementation drops it.
    func page(_ bundle: MIMEBundle, start: Int)
}

public extension KernelOutput {
    /// `display(bundle, displayID: nil, update: false)`.
    func display(_ bundle: MIMEBundle) { display(bundle, displayID: nil, update: false) }

    /// Outputs without a pager ignore pages.
    func page(_ bundle: MIMEBundle, start: Int) {}
}

/// The two text streams of a cell.
public enum KernelStream: String, Sendable {
    case stdout, stderr
}

/// Why `KernelOutput.requestInput` gave no line.
public enum KernelInputError: Error, Equatable, CustomStringConvertible {
    /// The frontend does not accept input requests (`allow_stdin: false`, e.g. nbclient).
    case notAllowed
    /// An interrupt arrived while waiting.
    case interrupted
    /// The kernel is shutting down.
    case shutdown

    public var description: String {
        switch self {
        case .notAllowed: return "raw_input was called, but this frontend does not support input requests."
        case .interrupted: return "interrupted while waiting for input"
        case .shutdown: return "the kernel is shutting down"
        }
    }
}
