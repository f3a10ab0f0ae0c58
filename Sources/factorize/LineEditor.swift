import CEditLine
import Foundation
import Jupyter

/// Line input on a terminal for `factorize repl`, through libedit's readline-compatible
/// callback interface (the way CPython's `readline` module drives libedit): emacs key bindings,
/// history (up/down, `~/.editrc` honoured), tab completion, and Ctrl-C at the prompt.
///
/// The callback interface is used instead of blocking `readline()` because libedit retries the
/// `read` a SIGINT interrupts, so a Ctrl-C at the prompt would not end the line; here the
/// terminal is polled and a Ctrl-C (seen through `Interrupts`) ends the line at once.
///
/// libedit keeps one editor per process, so only one `LineEditor` should exist.
final class LineEditor {
    /// What one `read(prompt:)` produced.
    enum Event: Equatable {
        /// A line the user entered (without its newline).
        case line(String)
        /// Ctrl-C at the prompt: the line being edited was dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case endOfInput
    }

    /// Completes the text before the cursor: the matches and the code-point range
    /// `start..<end` of `text` they replace (the contract of `Interpreter.completions`).
    typealias Completer = (_ text: String, _ cursor: Int) -> (matches: [String], start: Int, end: Int)

    /// What Tab inserts when there is nothing to complete (an empty word, e.g. to indent a block).
    static let indent = "    "

    /// Characters that end the word Tab completes. Unlike libedit's default, the set holds the
    /// operators and brackets of the language, so `f(x, mx.sym` completes `mx.sym`; `.` is not
    /// in it, so a dotted name stays whole and the completer sees its receiver.
    static let wordBreakCharacters = " \t\n\"\\'`@$><=;|&{(,+-*/%[)!~^:#"

    nonisolated(unsafe) private static var completer: Completer?
    /// The line the callback delivered: `.some(nil)` is end of input.
    nonisolated(unsafe) private static var delivered: String??

    /// Sets libedit up and loads `historyFile` (a missing file is fine). `completer` answers Tab.
    init(historyFile: String, completer: @escaping Completer) {
        Self.completer = completer
        // Multi-byte input (UTF-8) needs a UTF-8 character type; a plain "C" locale is coerced
        // to C.UTF-8, as CPython does (PEP 538). Only LC_CTYPE changes: number parsing keeps "C".
        setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) != "UTF-8" {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        rl_readline_name = UnsafePointer(strdup("factorize"))
        rl_basic_word_break_characters = UnsafePointer(strdup(Self.wordBreakCharacters))
        rl_completion_append_character = 0
        rl_attempted_completion_function = Self.attemptCompletion
        _ = rl_initialize()
        _ = read_history(historyFile)
    }

    /// Reads one line after showing `prompt`. The terminal is in libedit's raw mode only while
    /// this runs, so a Ctrl-C during a running statement reaches the interpreter as SIGINT.
    func read(prompt: String) -> Event {
        Self.delivered = nil
        _ = Interrupts.takeInterrupt()
        rl_callback_handler_install(prompt, Self.lineHandler)
        defer { rl_callback_handler_remove() }
        while true {
            if Interrupts.takeInterrupt() { return .interrupted }
            var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            // A signal ends `poll` with EINTR whatever SA_RESTART says; the timeout bounds the
            // wait when the signal lands between the check above and `poll`.
            let ready = poll(&descriptor, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                return .endOfInput
            }
            if ready == 0 { continue }
            let hangUp = descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
            if descriptor.revents & Int16(POLLIN) != 0 {
                rl_callback_read_char()
                if let delivered = Self.delivered { return delivered.map(Event.line) ?? .endOfInput }
            }
            if hangUp { return .endOfInput }
        }
    }

    /// Adds `entry` to the in-memory history (a multi-line block is one entry).
    func addHistory(_ entry: String) {
        _ = add_history(entry)
    }

    /// Writes the history to `historyFile`.
    func saveHistory(to historyFile: String) {
        _ = write_history(historyFile)
    }

    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        guard let line else {
            LineEditor.delivered = .some(nil)
            return
        }
        LineEditor.delivered = .some(String(decoding: UnsafeRawBufferPointer(start: line, count: strlen(line)), as: UTF8.self))
        free(line)
    }

    /// libedit's `rl_attempted_completion_function`: `text` is the word before the cursor
    /// (bounded by `wordBreakCharacters`); returns the malloc'ed, NULL-terminated match list
    /// readline expects (`[0]` replaces the word: the one match, else the common prefix).
    private static let attemptCompletion: @convention(c) (UnsafePointer<CChar>?, Int32, Int32)
        -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        // Never fall back to libedit's file-name completion.
        rl_attempted_completion_over = 1
        guard let text, let word = String(validatingCString: text), let completer = LineEditor.completer else { return nil }
        return LineEditor.matchList(LineEditor.replacements(for: word, completer: completer))
    }

    /// The texts that may replace `word` (the word before the cursor): the completer's matches
    /// with the part of `word` before the completed name kept (`mx.symbol.Emb` →
    /// `mx.symbol.Embedding`); an indent for an empty word; nothing when no name is being typed.
    static func replacements(for word: String, completer: Completer) -> [String] {
        if word.allSatisfy({ $0 == " " || $0 == "\t" }) { return [indent] }
        let scalars = Array(word.unicodeScalars)
        let found = completer(word, scalars.count)
        guard (0...scalars.count).contains(found.start), found.start <= found.end, !found.matches.isEmpty else { return [] }
        // Only a name being typed, or the attributes after a dot, are offered (not every
        // name after a quote or a digit).
        if found.start == found.end, found.start == 0 || scalars[found.start - 1] != "." { return [] }
        let kept = String(String.UnicodeScalarView(scalars[..<found.start]))
        return found.matches.map { kept + $0 }
    }

    /// readline's match array for `replacements` (nil when empty), allocated with malloc as
    /// libedit frees it.
    static func matchList(_ replacements: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        guard let first = replacements.first else { return nil }
        let entries = replacements.count == 1 ? [first] : [commonPrefix(replacements)] + replacements.sorted()
        guard let list = calloc(entries.count + 1, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1) else { return nil }
        for (index, entry) in entries.enumerated() {
            list[index] = strdup(entry)
        }
        list[entries.count] = nil
        return list
    }

    /// The longest common prefix of `strings`, by Unicode scalars.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for string in strings.dropFirst() {
            let scalars = Array(string.unicodeScalars)
            var length = 0
            while length < min(prefix.count, scalars.count), prefix[length] == scalars[length] { length += 1 }
            prefix.removeSubrange(length...)
        }
        return String(String.UnicodeScalarView(prefix))
    }
}
