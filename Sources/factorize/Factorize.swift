import ArgumentParser

/// The root command; each front end is a subcommand.
struct Factorize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factorize",
        abstract: "A Jupyter kernel for matrix-factorization recommenders.",
        // The lead adds `repl` and `run` here.
        subcommands: [KernelCommand.self, InstallCommand.self, RunCommand.self, ReplCommand.self]
    )
}
