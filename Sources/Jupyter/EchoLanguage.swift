import Foundation

/// A trivial language that tests the transport alone (xeus-zmq's mock interpreter does the same).
///
/// A cell is read line by line:
/// - `stderr:TEXT` writes `TEXT` and a newline to stderr;
/// - `error:MESSAGE` stops the cell with `EchoError: MESSAGE`;
/// - `sleep:SECONDS` sleeps, polling for an interrupt every 10 ms (→ `KeyboardInterrupt`);
/// - `result:TEXT` makes `TEXT` the cell's `execute_result` (`text/plain`);
/// - `display:TEXT` publishes `display_data` with `text/plain` `TEXT`;
/// - `clear:` publishes `clear_output` (`clear:wait` with `wait: true`);
/// - `input:PROMPT` asks the frontend for a line and writes `PROMPT` + the answer to stdout;
/// - any other line is echoed to stdout with its newline.
///
/// Completion offers the directive words; `inspect` documents them; a cell whose last line ends
/// with `\` or `:` is incomplete.
public final class EchoLanguage: KernelLanguage {
    /// The directive words, as completion offers them.
    public static let directives = ["stderr:", "error:", "sleep:", "result:", "display:", "clear:", "input:"]

    public init() {}

    public var info: LanguageInfo {
        .python(banner: "Factorize echo kernel: every line is echoed (tests the Jupyter transport)",
                helpLinks: [.init(text: "Jupyter messaging", url: "https://jupyter-client.readthedocs.io/en/latest/messaging.html")])
    }

    public func execute(_ request: ExecuteRequest, output: KernelOutput) -> ExecuteOutcome {
        var result: MIMEBundle?
        for line in request.code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if output.takeInterrupt() { return Self.keyboardInterrupt }
            if let text = line.removingPrefix("stderr:") {
                output.stream(.stderr, text + "\n")
            } else if let message = line.removingPrefix("error:") {
                return .error(ename: "EchoError", evalue: message, traceback: ["EchoError: \(message)"])
            } else if let seconds = line.removingPrefix("sleep:") {
                guard let duration = Double(seconds.trimmingCharacters(in: .whitespaces)), duration >= 0 else {
                    return .error(ename: "ValueError", evalue: "sleep: expects seconds, got \"\(seconds)\"",
                                  traceback: ["ValueError: sleep: expects seconds"])
                }
                let end = Date().addingTimeInterval(duration)
                while Date() < end {
                    if output.takeInterrupt() { return Self.keyboardInterrupt }
                    usleep(10_000)
                }
            } else if let text = line.removingPrefix("result:") {
                result = .plainText(text)
            } else if let text = line.removingPrefix("display:") {
                output.display(.plainText(text))
            } else if let mode = line.removingPrefix("clear:") {
                output.clearOutput(wait: mode == "wait")
            } else if let prompt = line.removingPrefix("input:") {
                do {
                    let answer = try output.requestInput(prompt: prompt, password: false)
                    output.stream(.stdout, prompt + answer + "\n")
                } catch KernelInputError.interrupted {
                    return Self.keyboardInterrupt
                } catch {
                    return .error(ename: "StdinNotImplementedError", evalue: "\(error)", traceback: ["\(error)"])
                }
            } else if !line.isEmpty {
                output.stream(.stdout, line + "\n")
            }
        }
        return .ok(result: result)
    }

    private static let keyboardInterrupt = ExecuteOutcome.error(
        ename: "KeyboardInterrupt", evalue: "", traceback: ["KeyboardInterrupt"])

    public func complete(code: String, cursorPosition: Int) -> CompletionResult {
        let (start, word) = Self.word(before: cursorPosition, in: code)
        let matches = Self.directives.filter { $0.hasPrefix(word) && !word.isEmpty }
        return CompletionResult(matches: matches, cursorStart: start, cursorEnd: cursorPosition)
    }

    public func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> InspectResult {
        let (_, word) = Self.word(before: cursorPosition, in: code)
        guard let directive = Self.directives.first(where: { $0.dropLast() == word || $0 == word }) else {
            return .notFound
        }
        return InspectResult(bundle: .plainText("\(directive) is an echo-language directive"))
    }

    public func isComplete(code: String) -> IsCompleteResult {
        let last = code.split(separator: "\n", omittingEmptySubsequences: false).last ?? ""
        if last.hasSuffix("\\") { return .incomplete(indent: "") }
        if last.hasSuffix(":") && !Self.directives.contains(String(last)) { return .incomplete(indent: "    ") }
        return .complete
    }

    public func shutdown(restart: Bool) {}

    /// The letters, digits, `_` and `:` just before code point `cursor`, and where they start.
    private static func word(before cursor: Int, in code: String) -> (start: Int, word: String) {
        let end = CursorPosition.index(in: code, codePointOffset: cursor)
        let scalars = code.unicodeScalars
        var start = end
        while start > scalars.startIndex {
            let previous = scalars.index(before: start)
            let scalar = scalars[previous]
            guard CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == ":" else { break }
            start = previous
        }
        return (CursorPosition.codePointOffset(of: start, in: code), String(scalars[start..<end]))
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    fileprivate func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
