import ArgumentParser
import Foundation

/// `factorize run NOTEBOOK.ipynb [-p name value …] [-o OUT.ipynb]`: executes a notebook
/// in-process, without Jupyter, and writes the outputs back (nbformat 4).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Execute a notebook headlessly, writing its outputs back.",
        discussion: "Exits non-zero on the first error, with its traceback on stderr. Cells run in the notebook's folder."
    )

    @Argument(help: "The notebook to run (.ipynb, nbformat 4).")
    var notebook: String

    @Option(name: [.short, .customLong("parameter")], parsing: .upToNextOption,
            help: "A parameter as NAME VALUE, injected after the cell tagged `parameters` (papermill's -p). Repeatable.")
    var parameter: [String] = []

    @Option(name: [.short, .customLong("output")], help: "Where to write the executed notebook (default: the input file).")
    var output: String?

    @Flag(name: .long, help: "Do not mirror cell output to the terminal.")
    var quiet = false

    func validate() throws {
        guard parameter.count % 2 == 0 else {
            throw ValidationError("-p takes a name and a value (got \(parameter.joined(separator: " ")))")
        }
    }

    func run() throws {
        let input = URL(fileURLWithPath: notebook).standardizedFileURL
        let destination = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? input.path
        let runner = try NotebookRunner(path: input.path, echo: !quiet)
        runner.inject(stride(from: 0, to: parameter.count, by: 2).map { (parameter[$0], parameter[$0 + 1]) })
        let folder = input.deletingLastPathComponent().path
        guard FileManager.default.changeCurrentDirectoryPath(folder) else {
            throw ValidationError("cannot run cells in the notebook's folder \(folder)")
        }
        let failure = runner.run()
        try runner.write(to: destination)
        if let failure {
            FileHandle.standardError.write(Data((failure.tracebackLines(colored: false).joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }
    }
}
