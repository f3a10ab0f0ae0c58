import ArgumentParser
import Foundation
import Jupyter

extension KernelSpec.InterruptMode: ExpressibleByArgument {}

/// `factorize install`: writes a kernelspec that runs this binary.
struct InstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install the Jupyter kernelspec (kernels/NAME/kernel.json and logos).",
        discussion: """
            The kernelspec runs this binary by its absolute path. Default location: the user's \
            Jupyter data directory ($JUPYTER_DATA_DIR/kernels, else ~/.local/share/jupyter/kernels).
            """
    )

    @Flag(name: .long, help: "Install into the user's Jupyter data directory (the default).")
    var user = false

    @Option(name: .long, help: "Install into PREFIX/share/jupyter/kernels.")
    var prefix: String?

    @Flag(name: .long, help: "Install into the active Python environment's share/jupyter/kernels.")
    var sysPrefix = false

    @Option(name: .long, help: "The kernelspec name (ASCII letters, digits, '-', '.', '_').")
    var name: String = "factorize"

    @Option(name: .long, help: "The name shown in frontends (default: Factorize, or Factorize (LANGUAGE)).")
    var displayName: String?

    @Option(name: .long, help: "How Jupyter interrupts the kernel: signal or message.")
    var interruptMode: KernelSpec.InterruptMode = .signal

    @Option(name: .long, help: "The language the kernel serves: \(languageNames.joined(separator: ", ")).")
    var language: String = "factorize"

    func validate() throws {
        if [user, prefix != nil, sysPrefix].filter({ $0 }).count > 1 {
            throw ValidationError("--user, --prefix and --sys-prefix exclude each other")
        }
        guard languageNames.contains(language) else {
            throw ValidationError("unknown language \"\(language)\" (expected one of: \(languageNames.joined(separator: ", ")))")
        }
        guard KernelSpec.isValidName(name) else { throw KernelSpecError.invalidName(name) }
    }

    func run() throws {
        let directory: URL
        if let prefix {
            directory = KernelSpec.kernelsDirectory(prefix: prefix)
        } else if sysPrefix {
            directory = KernelSpec.kernelsDirectory(prefix: try pythonPrefix())
        } else {
            directory = KernelSpec.userKernelsDirectory()
        }
        var argv = [try executablePath(), "kernel"]
        if language != "factorize" { argv += ["--language", language] }
        argv += ["--connection-file", "{connection_file}"]
        let spec = KernelSpec(argv: argv,
                              displayName: displayName ?? (language == "factorize" ? "Factorize" : "Factorize (\(language))"),
                              interruptMode: interruptMode)
        var files: [String: Data] = [:]
        if let logo = Data(base64Encoded: KernelspecLogos.png32) { files["logo-32x32.png"] = logo }
        if let logo = Data(base64Encoded: KernelspecLogos.png64) { files["logo-64x64.png"] = logo }
        let installed = try spec.install(name: name, into: directory, files: files)
        print("Installed kernelspec \(name) in \(installed.path)")
    }

    /// The absolute path of the running binary (Linux: /proc/self/exe).
    private func executablePath() throws -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return path
        }
        let argument = CommandLine.arguments.first ?? "factorize"
        let url = URL(fileURLWithPath: argument, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        return url.standardizedFileURL.path
    }

    /// `sys.prefix` of the active Python: $VIRTUAL_ENV or $CONDA_PREFIX, else asked of python3.
    private func pythonPrefix() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let prefix = environment["VIRTUAL_ENV"] ?? environment["CONDA_PREFIX"], !prefix.isEmpty { return prefix }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, !output.isEmpty else {
            throw ValidationError("--sys-prefix: no active Python environment found (set VIRTUAL_ENV or use --prefix)")
        }
        return output
    }
}
