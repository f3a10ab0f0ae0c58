#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

    /// Completions at `cursor` (Jupyter's `complete_request`, following IPython): names in
    /// scope, built-ins and keywords, and inside a call `f(…` the keyword names of `f`'s
    /// signature (`input_dim=`); after a dot the attributes of the value (ScriptObject.attributeNames
    /// and the methods of str/list/dict/set/tuple); inside a string, the keys of the subscripted
    /// value after `x['` (dict keys, DataFrame columns), else file paths (relative to the
    /// working directory, directories with a trailing `/`).
    /// - Returns: the sorted matches and the code-point range `start..<end` they replace.
    public func completions(code: String, cursor: Int) -> (matches: [String], start: Int, end: Int) {
        let scalars = Array(code.unicodeScalars)
        let end = min(max(cursor, 0), scalars.count)
        if let quote = openStringStart(scalars, before: end) {
            let prefix = String(String.UnicodeScalarView(scalars[(quote + 1)..<end]))
            var candidates: [String]
            if quote > 0, scalars[quote - 1] == "[" {
                candidates = receiverValue(scalars, before: quote - 1).map(itemKeys(of:)) ?? []
            } else {
                candidates = pathCompletions(prefix)
            }
            candidates = candidates.filter { $0.hasPrefix(prefix) }
            return (Set(candidates).sorted(), quote + 1, end)
        }
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
            if let callee = openCallee(scalars, before: start) {
                candidates += keywordParameters(of: callee).map { $0 + "=" }
            }
        }
        let matches = Set(candidates.filter { $0.hasPrefix(prefix) && ($0.hasPrefix("_") == prefix.hasPrefix("_")) }).sorted()
        return (matches, start, end)
    }

    /// The position of the opening quote of the string literal the cursor is in, or `nil`
    /// outside strings (comments skipped, escapes and triple quotes respected).
    private func openStringStart(_ scalars: [Unicode.Scalar], before end: Int) -> Int? {
        func tripled(_ i: Int, _ quote: Unicode.Scalar) -> Bool {
            i + 2 < end && scalars[i + 1] == quote && scalars[i + 2] == quote
        }
        var open: (position: Int, quote: Unicode.Scalar, triple: Bool)?
        var i = 0
        while i < end {
            let s = scalars[i]
            if let current = open {
                if s == "\\" {
                    i += 2
                    continue
                }
                if s == current.quote {
                    if !current.triple {
                        open = nil
                    } else if tripled(i, s) {
                        open = nil
                        i += 3
                        continue
                    }
                } else if s == "\n", !current.triple {
                    open = nil
                }
            } else if s == "#" {
                while i < end, scalars[i] != "\n" { i += 1 }
                continue
            } else if s == "'" || s == "\"" {
                let triple = tripled(i, s)
                open = (triple ? i + 2 : i, s, triple)
                i += triple ? 3 : 1
                continue
            }
            i += 1
        }
        return open?.position
    }

    /// The value called by the innermost call still open at `position` (`f(a, b=1, |`).
    private func openCallee(_ scalars: [Unicode.Scalar], before position: Int) -> Value? {
        var depth = 0
        var i = position
        while i > 0 {
            i -= 1
            let s = scalars[i]
            if s == ")" || s == "]" || s == "}" { depth += 1 } else if s == "(" || s == "[" || s == "{" {
                if depth == 0 { return s == "(" ? receiverValue(scalars, before: i) : nil }
                depth -= 1
            }
        }
        return nil
    }

    /// The parameter names a callable accepts by keyword, from the signature line of its
    /// documentation (`Embedding(data, input_dim, output_dim, sparse_grad=False, name=None)`).
    private func keywordParameters(of value: Value) -> [String] {
        guard case let .object(object) = value, let documentation = object.documentation,
              let firstLine = documentation.split(separator: "\n").first,
              let open = firstLine.firstIndex(of: "("), let close = firstLine.lastIndex(of: ")"), open < close
        else { return [] }
        return firstLine[firstLine.index(after: open)..<close].split(separator: ",").compactMap { part in
            let name = part.split(separator: "=").first.map { String($0).trimmingSpaces() } ?? ""
            guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic,
                  name.unicodeScalars.allSatisfy(isIdentifierScalar) else { return nil }
            return name
        }
    }

    /// The string keys of a subscripted value: a dict's string keys, an object's `itemKeys`.
    private func itemKeys(of value: Value) -> [String] {
        switch value {
        case let .dict(dict):
            return dict.keys.compactMap { key in
                if case let .str(text) = key { return text }
                return nil
            }
        case let .object(object):
            return object.itemKeys
        default:
            return []
        }
    }

    /// File-system entries whose path starts with `prefix` (`~` is not expanded, as in a
    /// path given to `open` or `read_csv`): the entries of the prefix's folder (relative to the
    /// working directory), folders with a trailing `/`; hidden entries only for a `.` prefix.
    private func pathCompletions(_ prefix: String) -> [String] {
        let folder: String, base: String
        if let slash = prefix.lastIndex(of: "/") {
            folder = String(prefix[...slash])
            base = String(prefix[prefix.index(after: slash)...])
        } else {
            folder = ""
            base = prefix
        }
        guard let directory = opendir(folder.isEmpty ? "." : folder) else { return [] }
        defer { closedir(directory) }
        var found: [String] = []
        while found.count < 1000, let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name != ".", name != "..", name.hasPrefix(base), name.hasPrefix(".") == base.hasPrefix(".") else { continue }
            var status = stat()
            let isFolder = stat((folder.isEmpty ? "." + "/" : folder) + name, &status) == 0
                && (status.st_mode & S_IFMT) == S_IFDIR
            found.append(folder + name + (isFolder ? "/" : ""))
        }
        return found
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
