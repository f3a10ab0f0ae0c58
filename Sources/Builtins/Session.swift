import Foundation
import Script

/// One user session of the command language: an interpreter with every built-in namespace of
/// LANGUAGE.md importable, IPython's line magics, and the logging state training writes to.
///
/// The kernel, the REPL and the headless runner each make one `Session` with their own
/// `OutputSink`. Example (script): `import mxnet as mx` → the `mx` namespace.
public final class Session {
    /// The interpreter running this session's cells.
    public let interpreter: Interpreter
    /// The root logger's state (`logging.getLogger().setLevel(...)`).
    public let logging = LoggingState()
    /// pyplot's open figures and style (`plt`, `seaborn`).
    public let pyplot = PyplotState()
    /// Modules made so far, by dotted name: a module is created on first import and shared after.
    private var modules: [String: Value] = [:]
    /// How to make each importable module, by dotted name.
    var factories: [String: () -> Value] = [:]

    /// Creates a session writing to `sink`.
    public init(sink: OutputSink) {
        interpreter = Interpreter(sink: sink)
        registerModules()
        interpreter.importer = { [unowned self] name in self.module(named: name) }
        interpreter.magicHandler = { [unowned self] name, arguments, interpreter in
            try self.runMagic(name, arguments, interpreter)
        }
    }

    /// Runs one cell (notebook cell, console entry or script): the interpreter's `execute`,
    /// then what a cell's end does in IPython (inline figures not shown yet are shown).
    /// - Returns: the cell's result value (`Out[n]`), or `nil`.
    /// - Throws: `ScriptError` with a traceback into the cell.
    public func runCell(_ code: String, cellName: String) throws -> Value? {
        let result: Value?
        do {
            result = try interpreter.execute(code, cellName: cellName)
        } catch {
            pyplot.closeAll()
            throw error
        }
        try pyplot.showPendingFigures(to: interpreter.sink)
        return result
    }

    /// The product's version, shown in banners and `kernel_info_reply`.
    public static let version = "0.1.0"

    /// The MIME bundle of a cell's result: `text/plain` (its repr) and, for objects with rich
    /// forms, e.g. `text/html` for a DataFrame.
    public func mimeBundle(for value: Value) -> [String: String] {
        DisplayModules.mimeBundle(for: value)
    }

    /// IPython's pretty form of a result: the repr when it fits in 79 columns, else lists,
    /// tuples, dicts and sets one item per line, aligned one space inside the bracket
    /// (`{'(no genres listed)': 0,\n 'Action': 1, …}`), recursively.
    public static func prettyRepr(_ value: Value, indent: Int = 0) -> String {
        let flat = Value.reprOf(value)
        guard indent + flat.count > 79 else { return flat }
        let items: [String], open: String, close: String
        switch value {
        case .list(let list):
            (open, close) = ("[", "]")
            items = list.items.map { prettyRepr($0, indent: indent + 1) }
        case .tuple(let tuple) where tuple.count > 1:
            (open, close) = ("(", ")")
            items = tuple.map { prettyRepr($0, indent: indent + 1) }
        case .set(let set):
            (open, close) = ("{", "}")
            items = set.members.map { prettyRepr($0, indent: indent + 1) }
        case .dict(let dict):
            (open, close) = ("{", "}")
            items = dict.items.map { key, item in
                let keyText = Value.reprOf(key)
                return "\(keyText): " + prettyRepr(item, indent: indent + 1 + keyText.count + 2)
            }
        default:
            return flat
        }
        guard !items.isEmpty else { return flat }
        return open + items.joined(separator: ",\n" + String(repeating: " ", count: indent + 1)) + close
    }

    /// Every module name a script can import.
    public var importableModules: [String] { factories.keys.sorted() }

    /// The module for a dotted name (`"os.path"`), created on first use; `nil` when unknown.
    public func module(named name: String) -> Value? {
        if let existing = modules[name] { return existing }
        guard let make = factories[name] else { return nil }
        let value = make()
        modules[name] = value
        return value
    }

    private func registerModules() {
        let loggingState = logging
        factories["logging"] = { .object(loggingState.makeModule()) }
        factories["os"] = { .object(SystemModules.makeOS()) }
        factories["os.path"] = { [unowned self] in
            if case .object(let os as ModuleObject)? = self.module(named: "os"), let path = os.member("path") { return path }
            return .none
        }
        factories["time"] = { .object(SystemModules.makeTime()) }
        let pyplot = self.pyplot
        factories["matplotlib"] = { .object(pyplot.matplotlibModule) }
        factories["matplotlib.pyplot"] = { .object(pyplot.pyplotModule) }
        factories["seaborn"] = { .object(pyplot.seabornModule) }
        factories["math"] = { .object(SystemModules.makeMath()) }
        factories["urllib"] = { .object(DownloadModules.makeURLLib()) }
        factories["urllib.request"] = { [unowned self] in
            if case .object(let urllib as ModuleObject)? = self.module(named: "urllib"), let request = urllib.member("request") { return request }
            return .none
        }
        factories["zipfile"] = { .object(DownloadModules.makeZipFile()) }
        let display = DisplayModules.makeDisplay()
        factories["IPython.display"] = { .object(display) }
        factories["IPython"] = { .object(DisplayModules.makeIPython(display: display)) }
        registerNumericModules()
    }

    /// IPython line magics: `%pylab inline`, `%matplotlib inline`, `%time stmt`, `%who`, `%reset -f`.
    private func runMagic(_ name: String, _ arguments: String, _ interpreter: Interpreter) throws -> Value? {
        switch name {
        case "pylab":
            if let numpy = module(named: "numpy") {
                interpreter.globals["numpy"] = numpy
                interpreter.globals["np"] = numpy
            }
            if let pyplot = module(named: "matplotlib.pyplot") {
                interpreter.globals["plt"] = pyplot
            }
            interpreter.sink.write("Populating the interactive namespace from numpy and matplotlib\n", to: .stdout)
            return nil
        case "matplotlib":
            return nil
        case "time":
            let start = Date()
            let result = try interpreter.execute(arguments, cellName: "<timed exec>")
            let wall = Date().timeIntervalSince(start)
            interpreter.sink.write("Wall time: \(Self.formatDuration(wall))\n", to: .stdout)
            return result
        case "who":
            let names = interpreter.globals.keys.filter { name in
                if case .object(let o)? = interpreter.globals[name], o is ModuleObject { return false }
                return !name.hasPrefix("_")
            }.sorted()
            interpreter.sink.write(names.isEmpty ? "Interactive namespace is empty.\n" : names.joined(separator: "\t") + "\n", to: .stdout)
            return nil
        default:
            throw ScriptError(.valueError, "Line magic function `%\(name)` not found.")
        }
    }

    /// IPython's duration format: `1.23 s`, `45.6 ms`, `789 µs`.
    static func formatDuration(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.2f s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.1f ms", seconds * 1e3) }
        return String(format: "%.0f µs", seconds * 1e6)
    }
}
