import ArgumentParser
import Builtins
import Foundation
import Jupyter
import Script

/// `factorize repl`: the command language at a terminal, without Jupyter (IPython's prompts).
///
/// On a terminal: libedit line editing, history in `~/.factorize_history`, `In [n]: ` and the
/// continuation prompt `...: ` while `Interpreter.isComplete` says more lines are needed, results
/// as `Out[n]: repr`, tracebacks in colour. Tab completes names, attributes after a dot and
/// keywords (the kernel's `complete_request` completer). Ctrl-C at a prompt drops the line and
/// any unfinished block (`KeyboardInterrupt`, as Python's REPL); Ctrl-C while a statement runs
/// interrupts it (`KeyboardInterrupt`) and keeps the session; Ctrl-D on an empty line exits.
/// Images (figures, `Image`) are saved as `./factorize-figure-N.png` and their path printed.
/// With stdin not a terminal, lines are read plainly, no prompts or colours are written, and a
/// final unfinished block is run at the end.
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "An interactive console on the Factorize language (no Jupyter needed)."
    )

    @Option(name: .long, help: "History file (default ~/.factorize_history).")
    var historyFile: String?

    func run() throws {
        let interactive = isatty(0) != 0
        let sink = ReplSink(colored: isatty(1) != 0, progressOnTerminal: isatty(2) != 0)
        let session = Session(sink: sink)
        Interrupts.installSignalHandlers(handleTermination: false)
        let history = historyFile ?? (NSHomeDirectory() as NSString).appendingPathComponent(".factorize_history")
        var editor: LineEditor?
        if interactive {
            editor = LineEditor(historyFile: history) { text, cursor in
                session.interpreter.completions(code: text, cursor: cursor)
            }
            print("Factorize \(Session.version) — type help(mx) for help, Ctrl-D to exit.\n")
        }
        var count = 1
        reading: while true {
            switch Self.readEntry(session: session, count: count, editor: editor) {
            case .endOfInput:
                break reading
            case .interrupted:
                // As Python's REPL: the line (and any unfinished block) is dropped.
                sink.write("\nKeyboardInterrupt\n\n", to: .stdout)
                continue
            case .entry(let entry):
                if entry.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                editor?.addHistory(entry)
                Self.run(entry, count: count, session: session, sink: sink)
                count += 1
                if interactive { print("") }
            }
        }
        if let editor {
            editor.saveHistory(to: history)
            print("")
        }
    }

    /// What `readEntry` read.
    enum EntryEvent: Equatable {
        /// A complete statement or block (possibly empty).
        case entry(String)
        /// Ctrl-C at a prompt: the lines read so far were dropped.
        case interrupted
        /// End of input with nothing read.
        case endOfInput
    }

    /// Reads lines until `isComplete` accepts them; at end of input an unfinished block is
    /// returned as it is. Without an editor, lines are read plainly from stdin.
    static func readEntry(session: Session, count: Int, editor: LineEditor?) -> EntryEvent {
        var lines: [String] = []
        let prompt = "In [\(count)]: "
        let continuation = String(repeating: " ", count: max(prompt.count - 5, 0)) + "...: "
        while true {
            let line: String?
            if let editor {
                switch editor.read(prompt: lines.isEmpty ? prompt : continuation) {
                case .line(let text): line = text
                case .interrupted: return .interrupted
                case .endOfInput: line = nil
                }
            } else {
                line = Swift.readLine(strippingNewline: true)
            }
            guard let line else { return lines.isEmpty ? .endOfInput : .entry(lines.joined(separator: "\n")) }
            lines.append(line)
            if lines.count == 1, line.trimmingCharacters(in: .whitespaces).isEmpty { return .entry("") }
            let source = lines.joined(separator: "\n")
            switch session.interpreter.isComplete(source) {
            case .incomplete: continue
            case .complete, .invalid: return .entry(source)
            }
        }
    }

    /// Runs one entry and prints its result or traceback.
    static func run(_ entry: String, count: Int, session: Session, sink: ReplSink) {
        _ = Interrupts.takeInterrupt()
        do {
            if let value = try session.runCell(entry, cellName: "Cell In[\(count)]") {
                sink.result(session.mimeBundle(for: value), count: count)
            }
        } catch let error as ScriptError {
            sink.endProgress()
            sink.write(error.tracebackLines(colored: sink.colored).joined(separator: "\n") + "\n", to: .stdout)
        } catch {
            sink.endProgress()
            sink.write("RuntimeError: \(error)\n", to: .stdout)
        }
    }
}

/// The REPL's output: text to the terminal unbuffered, images to files, progress as one
/// carriage-return line on a terminal (only the final state otherwise).
final class ReplSink: OutputSink, ProgressLineSink {
    let colored: Bool
    private let progressOnTerminal: Bool
    private var progressShown = false
    private var lastProgress = ""
    private var figures = 0

    init(colored: Bool, progressOnTerminal: Bool) {
        self.colored = colored
        self.progressOnTerminal = progressOnTerminal
    }

    private static func emit(_ text: String, to stream: StreamName) {
        FileHandle(fileDescriptor: stream == .stdout ? 1 : 2).write(Data(text.utf8))
    }

    func write(_ text: String, to stream: StreamName) {
        if progressShown {
            // Clear the progress line so the text starts at the left; the next update redraws it.
            Self.emit("\r\u{1B}[K", to: .stderr)
            progressShown = false
        }
        Self.emit(text, to: stream)
    }

    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {
        if let png = data["image/png"], let bytes = Data(base64Encoded: png) {
            figures += 1
            let path = (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent("factorize-figure-\(figures).png")
            do {
                try bytes.write(to: URL(fileURLWithPath: path))
                write("\(data["text/plain"] ?? "<image>") saved to \(path)\n", to: .stdout)
            } catch {
                write("cannot save the image to \(path): \(error.localizedDescription)\n", to: .stderr)
            }
            return
        }
        write((data["text/plain"] ?? data["text/markdown"] ?? data["text/html"] ?? "") + "\n", to: .stdout)
    }

    func clearOutput(wait: Bool) {}

    func readLine(prompt: String, password: Bool) throws -> String {
        write(prompt, to: .stdout)
        guard let line = Swift.readLine(strippingNewline: true) else {
            throw ScriptError(.runtimeError, "EOF when reading a line")
        }
        return line
    }

    func takeInterrupt() -> Bool { Interrupts.takeInterrupt() }

    func showProgress(_ line: String, final: Bool) {
        if !line.isEmpty { lastProgress = line }
        if progressOnTerminal {
            Self.emit("\r" + lastProgress + "\u{1B}[K" + (final ? "\n" : ""), to: .stderr)
            progressShown = !final
        } else if final {
            Self.emit(lastProgress + "\n", to: .stderr)
        }
        if final { lastProgress = "" }
    }

    /// Ends a progress line left open (e.g. by an error).
    func endProgress() {
        if progressShown { Self.emit("\n", to: .stderr) }
        progressShown = false
    }

    /// `Out[n]: repr`.
    func result(_ bundle: [String: String], count: Int) {
        if bundle["image/png"] != nil { return display(bundle, metadata: [:], displayID: nil, update: false) }
        let prompt = "Out[\(count)]: "
        let text = bundle["text/plain"] ?? ""
        write(colored ? "\u{1B}[31m\(prompt)\u{1B}[0m\(text)\n" : "\(prompt)\(text)\n", to: .stdout)
    }
}
