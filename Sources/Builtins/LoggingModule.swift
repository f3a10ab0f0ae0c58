import Foundation
import Script

/// Python's `logging` as the tutorial uses it: a root logger whose records print as
/// `LEVEL:root:message` on stderr — the format `logging.basicConfig()` gives and the tutorial
/// shows (`INFO:root:Epoch[0] Train-rmse=1.009686`). Training logs from `Module.fit` go through
/// `log(_:level:)`, so `logger.setLevel(logging.WARNING)` silences them as in Python.
///
/// Example: `logging.getLogger().setLevel(logging.DEBUG)`; `logging.info("hello")`.
public final class LoggingState {
    /// Python's numeric levels.
    public enum Level: Int {
        case debug = 10, info = 20, warning = 30, error = 40, critical = 50
        var name: String {
            switch self {
            case .debug: return "DEBUG"
            case .info: return "INFO"
            case .warning: return "WARNING"
            case .error: return "ERROR"
            case .critical: return "CRITICAL"
            }
        }
    }

    /// The root logger's threshold; Python's default is WARNING (30).
    public var rootLevel: Int = Level.warning.rawValue
    /// Whether the "a GPU context runs on the CPU" notice was shown this session.
    public var gpuNoticeShown = false

    public init() {}

    /// Writes `message` as `LEVEL:name:message` to stderr when `level` passes the root threshold.
    public func log(_ message: String, level: Level, logger: String = "root", interpreter: Interpreter) {
        guard level.rawValue >= rootLevel else { return }
        interpreter.sink.write("\(level.name):\(logger):\(message)\n", to: .stderr)
    }

    /// The `logging` module for scripts.
    func makeModule() -> ModuleObject {
        let module = ModuleObject("logging", doc: "Logging facility; records print as LEVEL:root:message on stderr.")
        for level in [Level.debug, .info, .warning, .error, .critical] {
            module.define(level.name, .int(level.rawValue))
        }
        let root = LoggerObject(name: "root", state: self)
        module.define("getLogger", doc: "getLogger(name=None)\n\nReturn the root logger (named loggers share its level).") { args, _ in
            let bound = try args.bind("getLogger", ["name"])
            if let name = bound.optional("name"), case .str(let text) = name, text != "root" {
                return .object(LoggerObject(name: text, state: self))
            }
            return .object(root)
        }
        module.define("basicConfig", doc: "basicConfig(level=None, format=None, ...)\n\nSet the root level.") { args, _ in
            let bound = try args.bind("basicConfig", ["level"], acceptsExtraKeywords: true)
            if let level = bound.optional("level") { self.rootLevel = try Self.levelNumber(level) }
            return .none
        }
        for level in [Level.debug, .info, .warning, .error, .critical] {
            let function = level.name.lowercased()
            module.define(function, doc: "\(function)(msg, *args)\n\nLog msg % args on the root logger.") { args, interpreter in
                self.log(try Self.message(args, function), level: level, interpreter: interpreter)
                return .none
            }
        }
        return module
    }

    /// A level given as a number or a name (`'INFO'`).
    static func levelNumber(_ value: Value) throws -> Int {
        switch value {
        case .int(let i): return i
        case .str(let s):
            let names = ["DEBUG": 10, "INFO": 20, "WARNING": 30, "WARN": 30, "ERROR": 40, "CRITICAL": 50, "NOTSET": 0]
            if let n = names[s.uppercased()] { return n }
            throw ScriptError(.valueError, "Unknown level: '\(s)'")
        default:
            throw ScriptError(.typeError, "Level not an integer or a valid string: \(Value.reprOf(value))")
        }
    }

    /// `msg % args` as logging formats a record (only `%s`, `%d`, `%f`, `%r` and `%%`).
    static func message(_ args: Arguments, _ function: String) throws -> String {
        guard let first = args.positional.first else {
            throw ScriptError(.typeError, "\(function)() missing 1 required positional argument: 'msg'")
        }
        let template = Value.strOf(first)
        let rest = Array(args.positional.dropFirst())
        if rest.isEmpty { return template }
        return try percentFormat(template, rest)
    }

    /// A small `%`-formatter for log messages.
    static func percentFormat(_ template: String, _ values: [Value]) throws -> String {
        var out = ""
        var remaining = values[...]
        var chars = template.makeIterator()
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            guard let spec = chars.next() else { out.append("%"); break }
            if spec == "%" { out.append("%"); continue }
            guard let value = remaining.popFirst() else {
                throw ScriptError(.typeError, "not enough arguments for format string")
            }
            switch spec {
            case "r": out += Value.reprOf(value)
            case "d":
                switch value {
                case .int(let i): out += String(i)
                case .float(let d): out += String(Int(d))
                default: out += Value.strOf(value)
                }
            case "f":
                if case .float(let d) = value { out += formatFixed(d, 6) } else if case .int(let i) = value { out += formatFixed(Double(i), 6) } else { out += Value.strOf(value) }
            default: out += Value.strOf(value)
            }
        }
        return out
    }
}

/// `%.Nf` formatting of a Double, as C's printf does it.
func formatFixed(_ value: Double, _ digits: Int) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    return String(format: "%.\(digits)f", value)
}

/// A `logging.Logger` object: `setLevel`, `getEffectiveLevel`, `debug/info/warning/error`.
final class LoggerObject: ScriptObject {
    let name: String
    let state: LoggingState

    init(name: String, state: LoggingState) {
        self.name = name
        self.state = state
    }

    var typeName: String { "Logger" }
    var attributeNames: [String] { ["setLevel", "getEffectiveLevel", "level", "name", "debug", "info", "warning", "error", "critical"] }
    func repr() -> String { "<RootLogger \(name) (\(LoggingState.Level(rawValue: state.rootLevel)?.name ?? "Level \(state.rootLevel)"))>" }

    func attribute(_ attribute: String, interpreter: Interpreter) throws -> Value? {
        switch attribute {
        case "name": return .str(name)
        case "level": return .int(state.rootLevel)
        case "setLevel":
            return .object(BuiltinFunction("setLevel", doc: "setLevel(level)\n\nSet the logging level (a number or a name).") { args, _ in
                let bound = try args.bind("setLevel", ["level"], required: 1)
                self.state.rootLevel = try LoggingState.levelNumber(bound["level"] ?? .none)
                return .none
            })
        case "getEffectiveLevel":
            return .object(BuiltinFunction("getEffectiveLevel") { _, _ in .int(self.state.rootLevel) })
        case "debug", "info", "warning", "error", "critical":
            let level: LoggingState.Level = ["debug": .debug, "info": .info, "warning": .warning, "error": .error][attribute] ?? .critical
            return .object(BuiltinFunction(attribute) { args, interpreter in
                self.state.log(try LoggingState.message(args, attribute), level: level, logger: self.name, interpreter: interpreter)
                return .none
            })
        default: return nil
        }
    }
}
