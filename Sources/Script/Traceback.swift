/// IPython-style rendering of errors, for the kernel's `traceback` field and the REPL.
extension ScriptError {
    /// The exception's name as Python prints it (`NameError`).
    public var name: String { kind.rawValue }

    /// The last line of a traceback: `NameError: name 'x' is not defined` (`KeyboardInterrupt`
    /// alone when there is no message).
    public var summary: String { message.isEmpty ? kind.rawValue : "\(kind.rawValue): \(message)" }

    /// The error as IPython 9 prints it (in Context mode), one string per output line.
    ///
    /// Runtime errors: a dashed rule, `NameError` padded to `Traceback (most recent call last)`,
    /// then per frame `Cell In[3], line 2` (plus `, in f(x)` inside a function) with up to two
    /// lines either side and `----> 2` marking the failing one, a blank line, and finally
    /// `NameError: name 'x' is not defined`. Syntax errors: `  Cell In[3], line 1`, the line
    /// indented by four spaces, a caret under the column, `SyntaxError: invalid syntax`.
    /// - Parameter colored: adds IPython's ANSI colours (red names, green line numbers, cyan cell).
    public func tracebackLines(colored: Bool = false) -> [String] {
        func paint(_ text: String, _ code: String) -> String {
            colored ? "\u{1B}[\(code)m\(text)\u{1B}[39m" : text
        }
        let red = "31", green = "32", cyan = "36", blue = "34"
        func sourceHeader(_ source: String, line: Int) -> String {
            if source.hasPrefix("Cell ") {
                return paint("Cell", cyan) + paint(" ", cyan) + paint(String(source.dropFirst(5)), green) + paint(", line \(line)", green)
            }
            return "File " + paint("\(source):\(line)", green)
        }
        if kind == .syntaxError || kind == .indentationError, frames.isEmpty {
            var lines: [String] = []
            let line = location?.line ?? 1
            lines.append("  " + sourceHeader(sourceName ?? "<stdin>", line: line))
            if let text = sourceLine {
                let stripped = text.drop { $0 == " " || $0 == "\t" }
                let removed = text.count - stripped.count
                lines.append(paint("    ", red) + paint(String(stripped), red))
                let column = max(1, (location?.column ?? 1) - removed)
                lines.append(String(repeating: " ", count: 4 + column - 1) + "^")
            }
            lines.append(paint(kind.rawValue, red) + paint(":", red) + " " + message)
            lines.append(contentsOf: notes)
            return lines
        }
        let rule = String(repeating: "-", count: 75)
        let title = "Traceback (most recent call last)"
        var lines = [paint(rule, red)]
        lines.append(paint(kind.rawValue, red) + String(repeating: " ", count: max(1, 75 - kind.rawValue.count - title.count)) + title)
        func appendFrame(_ frame: TraceFrame, _ lines: inout [String]) {
            var header = sourceHeader(frame.source, line: frame.location.line)
            if let function = frame.function {
                let open = function.firstIndex(of: "(") ?? function.endIndex
                let arguments = function[open...].isEmpty ? "()" : String(function[open...])
                header += ", in " + paint(String(function[..<open]), cyan) + paint(arguments, blue)
            }
            lines.append(header)
            let source = frame.sourceLines
            let target = frame.location.line
            if source.isEmpty || target < 1 || target > source.count {
                lines.append(paint("----> ", green) + paint("\(target)", green) + " " + frame.lineText)
            } else {
                var last = source.count
                while last > target, source[last - 1].trimmingSpaces().isEmpty { last -= 1 }
                for number in max(1, target - 2)...min(last, target + 2) {
                    let text = source[number - 1]
                    let digits = String(number)
                    if number == target {
                        let arrow = String(repeating: "-", count: max(1, 7 - digits.count - 2)) + "> "
                        lines.append(paint(arrow, green) + paint(digits, green) + " " + text)
                    } else {
                        lines.append(paint(String(repeating: " ", count: max(0, 7 - digits.count)) + digits, green) + " " + text)
                    }
                }
            }
            lines.append("")
        }
        var index = 0
        while index < frames.count {
            let frame = frames[index]
            // Collapse a run of identical frames (deep recursion) as IPython does.
            var run = 1
            while index + run < frames.count, frames[index + run].source == frame.source,
                  frames[index + run].function == frame.function,
                  frames[index + run].location.line == frame.location.line {
                run += 1
            }
            if run > 3 {
                appendFrame(frame, &lines)
                let name = frame.function.map { String($0.prefix { $0 != "(" }) } ?? "<module>"
                lines.append("    [... skipping similar frames: \(name) at line \(frame.location.line) (\(run - 2) times)]")
                lines.append("")
                appendFrame(frames[index + run - 1], &lines)
                index += run
                continue
            }
            appendFrame(frame, &lines)
            index += 1
        }
        lines.append(message.isEmpty ? paint(kind.rawValue, red) : paint(kind.rawValue, red) + ": " + message)
        lines.append(contentsOf: notes)
        return lines
    }
}
