import Foundation

/// A kernelspec: the `kernel.json` that tells Jupyter how to start a kernel
/// ("Making kernels for Jupyter", *Kernel specs*), plus the files beside it (logos).
public struct KernelSpec: Equatable, Sendable {
    /// How the frontend interrupts the kernel.
    public enum InterruptMode: String, Sendable, CaseIterable {
        /// SIGINT to the kernel's process group (jupyter_client's default).
        case signal
        /// `interrupt_request` on the control channel.
        case message
    }

    /// The command line; `{connection_file}` is replaced by the client.
    public var argv: [String]
    public var displayName: String
    /// `python` for Factorize (DESIGN.md, "Conventions").
    public var language: String
    public var interruptMode: InterruptMode
    public var env: [String: String]
    public var kernelProtocolVersion: String

    public init(argv: [String], displayName: String = "Factorize", language: String = "python",
                interruptMode: InterruptMode = .signal, env: [String: String] = [:],
                kernelProtocolVersion: String = MessageHeader.protocolVersion) {
        self.argv = argv
        self.displayName = displayName
        self.language = language
        self.interruptMode = interruptMode
        self.env = env
        self.kernelProtocolVersion = kernelProtocolVersion
    }

    /// The `kernel.json` object.
    public var json: JSONValue {
        [
            "argv": .array(argv.map { .string($0) }),
            "display_name": .string(displayName),
            "language": .string(language),
            "interrupt_mode": .string(interruptMode.rawValue),
            "env": .object(env.mapValues { .string($0) }),
            "metadata": ["debugger": false],
            "kernel_protocol_version": .string(kernelProtocolVersion),
        ]
    }

    /// Whether `name` is a valid kernelspec directory name: ASCII letters, digits, `-`, `.`, `_`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-._".unicodeScalars.contains($0))
        }
    }

    /// Writes `kernelsDirectory/NAME/kernel.json` and `files` (name → bytes, e.g. logos),
    /// replacing an existing spec of that name.
    /// - Returns: the spec's directory.
    /// - Throws: `KernelSpecError.invalidName`, or the file system's error.
    @discardableResult
    public func install(name: String, into kernelsDirectory: URL, files: [String: Data] = [:]) throws -> URL {
        guard Self.isValidName(name) else { throw KernelSpecError.invalidName(name) }
        let directory = kernelsDirectory.appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(json).write(to: directory.appendingPathComponent("kernel.json"), options: .atomic)
        for (fileName, data) in files {
            try data.write(to: directory.appendingPathComponent(fileName), options: .atomic)
        }
        return directory
    }

    /// Jupyter's user data directory for kernelspecs, as jupyter_core computes it on Linux:
    /// `$JUPYTER_DATA_DIR/kernels`, else `$XDG_DATA_HOME/jupyter/kernels`, else
    /// `~/.local/share/jupyter/kernels`.
    public static func userKernelsDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty {
            return URL(fileURLWithPath: data).appendingPathComponent("kernels")
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? home.appendingPathComponent(".local/share")
        return dataHome.appendingPathComponent("jupyter/kernels")
    }

    /// `PREFIX/share/jupyter/kernels` (what `jupyter kernelspec install --prefix` uses).
    public static func kernelsDirectory(prefix: String) -> URL {
        URL(fileURLWithPath: prefix).appendingPathComponent("share/jupyter/kernels")
    }
}

/// Why a kernelspec could not be installed.
public enum KernelSpecError: Error, CustomStringConvertible, Equatable {
    /// The name has characters other than ASCII letters, digits, `-`, `.`, `_`.
    case invalidName(String)

    public var description: String {
        switch self {
        case .invalidName(let name):
            return "invalid kernel name \"\(name)\": use ASCII letters, digits, '-', '.' and '_'"
        }
    }
}
