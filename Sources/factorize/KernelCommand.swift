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
        ParentWatcher.startIfLaunchedByJupyter()
        let status = kernel.run()
        // Leave at once: other threads may still sit in ZeroMQ calls.
        Foundation.exit(status)
    }
}

/// Ends the kernel when the Jupyter process that started it dies without shutting it down (a
/// killed `jupyter console` or notebook server), as ipykernel's parent poller does: jupyter_client
/// sets `JPY_PARENT_PID` when it launches a kernel; once the kernel has been re-parented (its
/// parent is no longer that process), nobody can reach it any more and it exits.
enum ParentWatcher {
    /// Starts a background check once a second, when `JPY_PARENT_PID` names the current parent.
    static func startIfLaunchedByJupyter() {
        guard let value = ProcessInfo.processInfo.environment["JPY_PARENT_PID"], let parent = Int32(value),
              parent > 1, getppid() == parent else { return }
        let thread = Thread {
            while true {
                Thread.sleep(forTimeInterval: 1)
                if getppid() != parent {
                    FileHandle.standardError.write(Data("[factorize] the Jupyter process that started this kernel is gone; exiting\n".utf8))
                    Foundation.exit(0)
                }
            }
        }
        thread.name = "parent watcher"
        thread.start()
    }
}
