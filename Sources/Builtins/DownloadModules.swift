import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Script
import ZIPFoundation

/// `urllib.request.urlretrieve` and `zipfile.ZipFile`: the tutorial's download cell.
///
/// Example:
/// ```
/// urllib.request.urlretrieve('http://files.grouplens.org/datasets/movielens/ml-20m.zip', 'ml-20m.zip')
/// with zipfile.ZipFile('ml-20m.zip', 'r') as f:
///     f.extractall('./')
/// ```
enum DownloadModules {
    /// `urllib` with its `request` submodule.
    static func makeURLLib() -> ModuleObject {
        let urllib = ModuleObject("urllib", doc: "URL handling.")
        let request = ModuleObject("urllib.request", doc: "Opening URLs.")
        request.define("urlretrieve", doc: """
        urlretrieve(url, filename=None)

        Downloads url (a real HTTP GET) to filename; returns (filename, headers). Raises URLError
        when the host cannot be reached and HTTPError for an error status. Interruptible.
        """) { args, interpreter in
            let b = try args.bind("urlretrieve", ["url", "filename", "reporthook", "data"], required: 1)
            let url = try SystemModules.string(b["url"] ?? .none, "urlretrieve", "url")
            let filename = try b.optional("filename").map { try SystemModules.string($0, "urlretrieve", "filename") }
            let (path, headers) = try download(url, to: filename, interpreter: interpreter)
            return .tuple([.str(path), .dict(headers)])
        }
        urllib.define("request", .object(request))
        return urllib
    }

    /// Fetches `address` into `filename` (or a temporary file), polling for interrupts.
    /// - Throws: `URLError` (unreachable host, bad URL), `HTTPError` (status ≥ 400),
    ///   `KeyboardInterrupt`, `OSError` when the file cannot be written.
    static func download(_ address: String, to filename: String?, interpreter: Interpreter) throws -> (String, DictObject) {
        guard let url = URL(string: address), let scheme = url.scheme?.lowercased(), ["http", "https", "file"].contains(scheme) else {
            throw ScriptError(.valueError, "unknown url type: \(Value.quote(address))")
        }
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        let done = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        let task = session.dataTask(with: url) { data, response, error in
            box.value = (data, response, error)
            done.signal()
        }
        task.resume()
        while done.wait(timeout: .now() + .milliseconds(50)) == .timedOut {
            if interpreter.sink.takeInterrupt() {
                task.cancel()
                done.wait()
                throw ScriptError(.keyboardInterrupt, "")
            }
        }
        let result = box.value
        if let error = result.2 {
            throw ScriptError(.urlError, "<urlopen error \(error.localizedDescription)>")
        }
        let headers = DictObject()
        if let http = result.1 as? HTTPURLResponse {
            for (key, value) in http.allHeaderFields {
                try headers.set(.str("\(key)"), .str("\(value)"))
            }
            if http.statusCode >= 400 {
                let reason = HTTPURLResponse.localizedString(forStatusCode: http.statusCode).capitalized
                throw ScriptError(.httpError, "HTTP Error \(http.statusCode): \(reason)")
            }
        }
        let path = filename ?? (NSTemporaryDirectory() + "/" + UUID().uuidString)
        do {
            try (result.0 ?? Data()).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ScriptError(.osError, "cannot write \(Value.quote(path)): \(error.localizedDescription)")
        }
        return (path, headers)
    }

    /// `zipfile` with `ZipFile` (read mode) and `BadZipFile`.
    static func makeZipFile() -> ModuleObject {
        let zipfile = ModuleObject("zipfile", doc: "Reading ZIP archives (ZIPFoundation).")
        zipfile.define("ZipFile", doc: """
        ZipFile(file, mode='r')

        Opens a ZIP archive for reading: namelist(), extractall(path=None), close(); usable in `with`.
        """) { args, _ in
            let b = try args.bind("ZipFile", ["file", "mode", "compression", "allowZip64", "compresslevel"], required: 1)
            let path = try SystemModules.string(b["file"] ?? .none, "ZipFile", "file")
            let mode = try b.optional("mode").map { try SystemModules.string($0, "ZipFile", "mode") } ?? "r"
            guard mode == "r" else { throw ScriptError(.valueError, "ZipFile: only mode 'r' (reading) is supported, got \(Value.quote(mode))") }
            return .object(try ZipFileObject(path: path))
        }
        return zipfile
    }
}

/// Hands a response from URLSession's queue to the waiting interpreter thread (the semaphore
/// orders the write before the read).
private final class ResponseBox: @unchecked Sendable {
    var value: (Data?, URLResponse?, Error?) = (nil, nil, nil)
}

/// An open ZIP archive in a script.
final class ZipFileObject: ScriptObject {
    let path: String
    private let archive: Archive

    /// - Throws: `FileNotFoundError` for a missing file, `BadZipFile` when it is not a ZIP archive.
    init(path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScriptError(.fileNotFoundError, "[Errno 2] No such file or directory: \(Value.quote(path))")
        }
        // ZIPFoundation's reader spins on a directory (seen with 0.9.20): refuse it first.
        guard !isDirectory.boolValue else {
            throw ScriptError(.isADirectoryError, "[Errno 21] Is a directory: \(Value.quote(path))")
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw ScriptError(.badZipFile, "File is not a zip file")
        }
        self.path = path
    }

    var typeName: String { "ZipFile" }
    func repr() -> String { "<zipfile.ZipFile filename=\(Value.quote(path)) mode='r'>" }
    var attributeNames: [String] { ["namelist", "extractall", "close", "filename"] }

    func attribute(_ name: String, interpreter: Interpreter) throws -> Value? {
        switch name {
        case "filename": return .str(path)
        case "namelist":
            return .object(BuiltinFunction("namelist", doc: "namelist()\n\nThe archive's member names.") { args, _ in
                _ = try args.bind("namelist", [])
                return .list(ListObject(self.archive.map { .str($0.path) }))
            })
        case "extractall":
            return .object(BuiltinFunction("extractall", doc: "extractall(path=None)\n\nExtracts every member under path (default: the current folder), overwriting.") { args, interpreter in
                let b = try args.bind("extractall", ["path", "members", "pwd"])
                let target = try b.optional("path").map { try SystemModules.string($0, "extractall", "path") } ?? "."
                try self.extractAll(to: target, interpreter: interpreter)
                return .none
            })
        case "close", "__exit__":
            return .object(BuiltinFunction(name) { _, _ in .none })
        case "__enter__":
            return .object(BuiltinFunction(name) { _, _ in .object(self) })
        default: return nil
        }
    }

    /// Extracts every entry below `folder`, refusing entries that would land outside it.
    private func extractAll(to folder: String, interpreter: Interpreter) throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL
        for entry in archive {
            try interpreter.checkInterrupt()
            let destination = root.appendingPathComponent(entry.path).standardizedFileURL
            guard destination.path.hasPrefix(root.path) else {
                throw ScriptError(.valueError, "zip member \(Value.quote(entry.path)) would be extracted outside \(Value.quote(folder))")
            }
            do {
                if FileManager.default.fileExists(atPath: destination.path), entry.type != .directory {
                    try FileManager.default.removeItem(at: destination)
                }
                if entry.type == .directory {
                    try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
                } else {
                    try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
                    _ = try archive.extract(entry, to: destination)
                }
            } catch let error as ScriptError {
                throw error
            } catch {
                throw ScriptError(.badZipFile, "cannot extract \(Value.quote(entry.path)): \(error.localizedDescription)")
            }
        }
    }
}
