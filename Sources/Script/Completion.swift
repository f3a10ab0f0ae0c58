/// Front-end services: `is_complete`, `complete` and `inspect` requests (Jupyter messaging).
/// Cursor positions and offsets count Unicode code points, as Jupyter's protocol (5.2+) does.
extension Interpreter {
    /// Whether `source` is a whole cell or needs more lines (Jupyter's `is_complete_request`,
    /// following IPython: a line ending in `:` or an open bracket, triple-quoted string or `\`
    /// needs more; so does an indented block until a blank line ends it).
    /// - Returns: `.incomplete(indent:)` with the indent to continue with (`"    "` after
    ///   `for x in y:`), `.invalid` for a syntax error more lines cannot fix, else `.complete`.
    public func isComplete(_ source: String) -> Completeness {
        let normalized = source.replacingAll("\r\n", with: "\n")
        let lines = normalized.components(separatedByString: "\n")
        let nonBlank = lines.filter { !$0.trimmingSpaces().isEmpty }
        guard let lastLine = nonBlank.last else { return .complete }
        let lastIndent = String(lastLine.prefix { $0 == " " || $0 == "\t" })
        var lexer = Lexer(normalized)
        do {
            _ = try lexer.tokenize()
        } catch {
            if lexer.incompleteness != nil { return .incomplete(indent: lastIndent) }
            return .invalid
        }
        if lexer.incompleteness != nil { return .incomplete(indent: lastIndent) }
        let code = codePart(of: lastLine).trimmingSpaces()
        if code.hasSuffix(":") && !code.hasPrefix("%") { return .incomplete(indent: lastIndent + "    ") }
        do {
            _ = try Parser.parse(normalized)
        } catch let error as ScriptError {
            if error.kind == .indentationError && error.message.hasPrefix("expected an indented block") {
                return .incomplete(indent: lastIndent + "    ")
            }
            return .invalid
        } catch {
            return .invalid
        }
        let endsWithBlankLine = lines.count >= 2 && (lines.last ?? "").trimmingSpaces().isEmpty
            && normalized.hasSuffix("\n")
        if nonBlank.count > 1 || lines.count > 1, !lastIndent.isEmpty, !endsWithBlankLine {
            return .incomplete(indent: lastIndent)
        }
        return .complete
    }

    /// A line without its trailing `#` comment (quotes respected).
    private func codePart(of line: String) -> String {
        var quote: Character?
        var out = ""
        var escaped = false
        for c in line {
            if let q = quote {
                if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "#" {
                break
            }
            out.append(c)
        }
        return out
    }

    /// Completions at `cursor` (Jupyter's `complete_request`): names in scope, built-ins and
    /// keywords, or after a dot the attributes of the value (ScriptObject.attributeNames and the
    /// methods of str/list/dict/set/tuple).
    /// - Returns: the sorted matches and the code-point range `start..<end` they replace.
    public func completions(code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        var start = end
        while start > 0, isIdentifierScalar(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<end]))
        var candidates: [String]
        if start > 0, scalars[start - 1] == "." {
            guard let receiver = receiverValue(scalars, before: start - 1) else { return ([], start, end) }
            candidates = attributeNames(of: receiver)
        } else {
            let keywords = pythonKeywords.subtracting(["class", "yield", "async", "await", "nonlocal"])
            candidates = Array(globals.keys) + Array(builtins.keys) + Array(keywords)
        }
        let matches = Set(candidates.filter { $0.hasPrefix(prefix) && ($0.hasPrefix("_") == prefix.hasPrefix("_")) }).sorted()
        return (matches, start, end)
    }

    private func isIdentifierScalar(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s.properties.isAlphabetic || ("0"..."9").contains(s) || s.properties.numericType != nil
    }

    /// The value of the dotted name or literal ending just before `dot`, evaluated without
    /// calling anything (so completion has no side effects).
    private func receiverValue(_ scalars: [Unicode.Scalar], before dot: Int) -> Value? {
        guard dot > 0 else { return nil }
        let last = scalars[dot - 1]
        if last == "'" || last == "\"" { return .str("") }
        if last == "]" { return .list(ListObject()) }
        if last == "}" { return .dict(DictObject()) }
        var start = dot
        while start > 0, isIdentifierScalar(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        let path = String(String.UnicodeScalarView(scalars[start..<dot]))
        return resolveDottedName(path)
    }

    /// Looks up `a.b.c` in scope (attributes only, no calls); `nil` when any part is unknown.
    func resolveDottedName(_ path: String) -> Value? {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty, !(first.first?.isNumber ?? true) else { return nil }
        guard var value = globals[first] ?? builtins[first] else { return nil }
        for part in parts.dropFirst() {
            guard !part.isEmpty, let next = try? attribute(of: value, part) else { return nil }
            value = next
        }
        return value
    }

    /// The documentation of the name at `cursor` (Jupyter's `inspect_request`, IPython's `x?`):
    /// the object's `documentation`, or for plain values their type and printed form. When the
    /// cursor follows an opening parenthesis (`f(`), the called function is inspected.
    /// - Returns: `nil` when there is no known name at the cursor.
    public func inspect(code: String, cursor: Int) -> String? {
        let scalars = Array(code.unicodeScalars)
        var position = min(max(cursor, 0), scalars.count)
        var end = position
        while end < scalars.count, isIdentifierScalar(scalars[end]) { end += 1 }
        var start = position
        while start > 0, isIdentifierScalar(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        if start == end {
            // `f(|` or `f(a, |`: inspect the innermost open call.
            var depth = 0
            while position > 0 {
                position -= 1
                let s = scalars[position]
                if s == ")" { depth += 1 } else if s == "(" {
                    if depth == 0 { break }
                    depth -= 1
                }
            }
            guard position > 0, scalars[position] == "(" else { return nil }
            end = position
            start = end
            while start > 0, isIdentifierScalar(scalars[start - 1]) || scalars[start - 1] == "." { start -= 1 }
        }
        let path = String(String.UnicodeScalarView(scalars[start..<end]))
        guard let value = resolveDottedName(path) else { return nil }
        return helpText(for: value)
    }
}
