import Foundation
import Script

/// `os`, `os.path`, `time` and `math`: the small standard-library slice LANGUAGE.md lists.
enum SystemModules {
    /// `os` with its `path` submodule. Example: `os.path.exists('ml-20m.zip')`.
    static func makeOS() -> ModuleObject {
        let os = ModuleObject("os", doc: "Operating-system access: files and the environment.")
        let path = makePath()
        os.define("path", .object(path))
        os.define("getcwd", doc: "getcwd()\n\nThe current working directory.") { args, _ in
            _ = try args.bind("getcwd", [])
            return .str(FileManager.default.currentDirectoryPath)
        }
        os.define("listdir", doc: "listdir(path='.')\n\nNames of the entries in a directory, sorted.") { args, _ in
            let bound = try args.bind("listdir", ["path"])
            let dir = try bound.optional("path").map { try string($0, "listdir", "path") } ?? "."
            do {
                let names = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
                return .list(ListObject(names.map { .str($0) }))
            } catch {
                throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Value.quote(dir))")
            }
        }
        os.define("makedirs", doc: "makedirs(name, exist_ok=False)\n\nCreate a directory and its parents.") { args, _ in
            let bound = try args.bind("makedirs", ["name", "exist_ok"], required: 1)
            let name = try string(bound["name"] ?? .none, "makedirs", "name")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: name, isDirectory: &isDir) {
                if case .bool(true)? = bound["exist_ok"] { return .none }
                throw ScriptError(.osError, "[Errno 17] File exists: \(Value.quote(name))")
            }
            do { try FileManager.default.createDirectory(atPath: name, withIntermediateDirectories: true) } catch {
                throw ScriptError(.osError, "cannot create \(Value.quote(name)): \(error.localizedDescription)")
            }
            return .none
        }
        let environ = DictObject()
        for (key, value) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) {
            try? environ.set(.str(key), .str(value))
        }
        os.define("environ", .dict(environ))
        os.define("sep", .str("/"))
        return os
    }

    private static func makePath() -> ModuleObject {
        let path = ModuleObject("os.path", doc: "Path names.")
        path.define("exists", doc: "exists(path)\n\nWhether a file or directory exists at path.") { args, _ in
            let bound = try args.bind("exists", ["path"], required: 1)
            return .bool(FileManager.default.fileExists(atPath: try string(bound["path"] ?? .none, "exists", "path")))
        }
        path.define("isdir", doc: "isdir(path)\n\nWhether path is a directory.") { args, _ in
            let bound = try args.bind("isdir", ["path"], required: 1)
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: try string(bound["path"] ?? .none, "isdir", "path"), isDirectory: &isDir)
            return .bool(exists && isDir.boolValue)
        }
        path.define("isfile", doc: "isfile(path)\n\nWhether path is a regular file.") { args, _ in
            let bound = try args.bind("isfile", ["path"], required: 1)
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: try string(bound["path"] ?? .none, "isfile", "path"), isDirectory: &isDir)
            return .bool(exists && !isDir.boolValue)
        }
        path.define("join", doc: "join(a, *p)\n\nJoin path components with '/'; an absolute component restarts the path.") { args, _ in
            guard !args.positional.isEmpty else { throw ScriptError(.typeError, "join() missing 1 required positional argument: 'a'") }
            var result = ""
            for part in args.positional {
                let text = try string(part, "join", "a")
                if text.hasPrefix("/") || result.isEmpty { result = text }
                else { result += (result.hasSuffix("/") ? "" : "/") + text }
            }
            return .str(result)
        }
        path.define("basename", doc: "basename(p)\n\nThe final component of a path.") { args, _ in
            let bound = try args.bind("basename", ["p"], required: 1)
            let text = try string(bound["p"] ?? .none, "basename", "p")
            return .str(String(text.split(separator: "/", omittingEmptySubsequences: false).last ?? ""))
        }
        path.define("dirname", doc: "dirname(p)\n\nThe directory part of a path.") { args, _ in
            let bound = try args.bind("dirname", ["p"], required: 1)
            let text = try string(bound["p"] ?? .none, "dirname", "p")
            guard let slash = text.lastIndex(of: "/") else { return .str("") }
            return .str(slash == text.startIndex ? "/" : String(text[..<slash]))
        }
        path.define("abspath", doc: "abspath(path)\n\nAn absolute version of path.") { args, _ in
            let bound = try args.bind("abspath", ["path"], required: 1)
            let text = try string(bound["path"] ?? .none, "abspath", "path")
            let url = URL(fileURLWithPath: text, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
            return .str(url.standardizedFileURL.path)
        }
        return path
    }

    /// `time`: `time()` in seconds since the epoch, `sleep(s)` (interruptible), `perf_counter()`.
    static func makeTime() -> ModuleObject {
        let time = ModuleObject("time", doc: "Time access.")
        time.define("time", doc: "time()\n\nSeconds since the Unix epoch, as a float.") { args, _ in
            _ = try args.bind("time", [])
            return .float(Date().timeIntervalSince1970)
        }
        time.define("perf_counter", doc: "perf_counter()\n\nA monotonic clock in seconds.") { args, _ in
            _ = try args.bind("perf_counter", [])
            return .float(Double(DispatchTime.now().uptimeNanoseconds) / 1e9)
        }
        time.define("sleep", doc: "sleep(seconds)\n\nPause; an interrupt ends the pause with KeyboardInterrupt.") { args, interpreter in
            let bound = try args.bind("sleep", ["seconds"], required: 1)
            let seconds = try number(bound["seconds"] ?? .none, "sleep", "seconds")
            if seconds < 0 { throw ScriptError(.valueError, "sleep length must be non-negative") }
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                try interpreter.checkInterrupt()
                Thread.sleep(forTimeInterval: min(0.02, max(0, end.timeIntervalSinceNow)))
            }
            return .none
        }
        return time
    }

    /// `math`: the usual functions on floats.
    static func makeMath() -> ModuleObject {
        let math = ModuleObject("math", doc: "Mathematical functions.")
        math.define("pi", .float(Double.pi))
        math.define("e", .float(M_E))
        math.define("inf", .float(Double.infinity))
        math.define("nan", .float(Double.nan))
        let unary: [(String, (Double) -> Double)] = [
            ("sqrt", { $0.squareRoot() }), ("exp", { Foundation.exp($0) }), ("log10", { Foundation.log10($0) }),
            ("sin", { Foundation.sin($0) }), ("cos", { Foundation.cos($0) }), ("tanh", { Foundation.tanh($0) }),
            ("fabs", { Swift.abs($0) }),
        ]
        for (name, f) in unary {
            math.define(name, doc: "\(name)(x)") { args, _ in
                let bound = try args.bind(name, ["x"], required: 1)
                let x = try number(bound["x"] ?? .none, name, "x")
                if name == "sqrt", x < 0 { throw ScriptError(.valueError, "math domain error") }
                return .float(f(x))
            }
        }
        math.define("log", doc: "log(x, base=e)") { args, _ in
            let bound = try args.bind("log", ["x", "base"], required: 1)
            let x = try number(bound["x"] ?? .none, "log", "x")
            if x <= 0 { throw ScriptError(.valueError, "math domain error") }
            if let base = bound.optional("base") { return .float(Foundation.log(x) / Foundation.log(try number(base, "log", "base"))) }
            return .float(Foundation.log(x))
        }
        for (name, f) in [("floor", { (d: Double) in d.rounded(.down) }), ("ceil", { (d: Double) in d.rounded(.up) })] {
            math.define(name, doc: "\(name)(x)") { args, _ in
                let bound = try args.bind(name, ["x"], required: 1)
                let x = try number(bound["x"] ?? .none, name, "x")
                guard x.isFinite, Swift.abs(x) < 9.2e18 else { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
                return .int(Int(f(x)))
            }
        }
        math.define("isnan", doc: "isnan(x)") { args, _ in
            let bound = try args.bind("isnan", ["x"], required: 1)
            return .bool(try number(bound["x"] ?? .none, "isnan", "x").isNaN)
        }
        return math
    }

    /// A `str` argument, or a `TypeError` naming the function and parameter.
    static func string(_ value: Value, _ function: String, _ parameter: String) throws -> String {
        if case .str(let s) = value { return s }
        throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be str, not \(value.typeName)")
    }

    /// A real number argument (int, float or bool), or a `TypeError`.
    static func number(_ value: Value, _ function: String, _ parameter: String) throws -> Double {
        switch value {
        case .int(let i): return Double(i)
        case .float(let d): return d
        case .bool(let b): return b ? 1 : 0
        default: throw ScriptError(.typeError, "\(function)() argument '\(parameter)' must be a real number, not \(value.typeName)")
        }
    }
}
