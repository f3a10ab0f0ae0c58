import ArgumentParser
import Foundation
import Jupyter

/// `factorize kernel --connection-file FILE`: what a kernelspec's argv runs.
struct KernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Run as a Jupyter kernel (started by Jupyter through the kernelspec)."
    )

    @Option(name: .long, help: "The connection file Jupyter wrote ({connection_file}).")
    var connectionFile: String

    @Option(name: .long, help: "The language to serve: \(languageNames.joined(separator: ", ")).")
    var language: String = "factorize"

    func validate() throws {
        guard languageNames.contains(language) else {
            throw ValidationError("unknown language \"\(language)\" (expected one of: \(languageNames.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let language = makeLanguage(language)
        let connection = try ConnectionInfo(contentsOf: connectionFile)
        let kernel = try Kernel(connection: connection, language: language)
        let status = kernel.run()
        // Leave at once: other threads may still sit in ZeroMQ calls.
        Foundation.exit(status)
    }
}
