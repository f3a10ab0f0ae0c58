/// The kinds of token the lexer produces (Python's tokenizer, reduced to the language's needs).
enum TokenKind: Equatable {
    case name(String)
    case keyword(String)
    case int(Int)
    case float(Double)
    /// A plain string literal with escapes already processed.
    case string(String)
    /// An f-string: its raw body (escapes not yet processed) and whether it was also raw (`rf"…"`).
    case formatString(body: String, raw: Bool, bodyStart: SourceLocation)
    case op(String)
    /// A line magic `%name rest` (or a cell magic `%%name`, given as name `%name`).
    case magic(name: String, arguments: String)
    /// `name?`, `?name` or `name??`: show help for the dotted name.
    case help(String)
    case newline
    case indent
    case dedent
    case endOfInput
}

/// One token with the span it covers (1-based line and column, columns count characters).
struct Token {
    var kind: TokenKind
    var location: SourceLocation
    var length: Int
}

/// Python's reserved words; those the language lacks are reported by the parser.
let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
    "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
]

/// Why the lexer stopped early, for `isComplete`: the input may simply be unfinished.
enum LexIncompleteness {
    case openBracket, openTripleString, trailingBackslash
}

/// Splits a cell into tokens with INDENT/DEDENT, implicit joining inside brackets, `\` joins.
struct Lexer {
    private let chars: [Character]
    private var position = 0
    private var line = 1
    private var column = 1
    private var indents: [Int] = [0]
    private var brackets: [(Character, SourceLocation)] = []
    private var tokens: [Token] = []
    private var atLineStart = true
    /// Set when the input ended while something was still open.
    private(set) var incompleteness: LexIncompleteness?

    init(_ source: String, start: SourceLocation = SourceLocation(line: 1, column: 1)) {
        line = start.line
        column = start.column
        var text = source.replacingAll("\r\n", with: "\n")
        text = text.replacingAll("\r", with: "\n")
        chars = Array(text)
    }

    private var current: Character? { position < chars.count ? chars[position] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        position + offset < chars.count ? chars[position + offset] : nil
    }
    private var here: SourceLocation { SourceLocation(line: line, column: column) }

    private mutating func advance() {
        if chars[position] == "\n" { line += 1; column = 1 } else { column += 1 }
        position += 1
    }

    private func syntaxError(_ message: String, at location: SourceLocation, kind: ExceptionKind = .syntaxError) -> ScriptError {
        ScriptError(kind, message, location: location)
    }

    private mutating func add(_ kind: TokenKind, at location: SourceLocation, length: Int) {
        tokens.append(Token(kind: kind, location: location, length: length))
    }

    /// Tokenizes the whole input.
    /// - Throws: `SyntaxError`/`IndentationError` with the location of the offending character.
    mutating func tokenize() throws -> [Token] {
        while true {
            if atLineStart && brackets.isEmpty {
                atLineStart = false
                if try handleIndentation() { continue }
            }
            guard let ch = current else { break }
            let start = here
            if ch == "\n" {
                advance()
                if brackets.isEmpty {
                    if let last = tokens.last, last.kind != .newline { add(.newline, at: start, length: 1) }
                    atLineStart = true
                }
                continue
            }
            if ch == " " || ch == "\t" || ch == "\u{0C}" { advance(); continue }
            if ch == "#" {
                while let c = current, c != "\n" { advance() }
                continue
            }
            if ch == "\\" {
                if peek() == "\n" { advance(); advance(); continue }
                if peek() == nil { incompleteness = .trailingBackslash; advance(); continue }
                throw syntaxError("unexpected character after line continuation character", at: start)
            }
            if ch.isNumber && ch.isASCII || (ch == "." && (peek()?.isASCII ?? false) && (peek()?.isNumber ?? false)) {
                try lexNumber(start)
                continue
            }
            if ch == "\"" || ch == "'" {
                try lexString(prefix: "", start: start)
                continue
            }
            if ch.isLetter || ch == "_" {
                var word = ""
                while let c = current, c.isLetter || c.isNumber || c == "_" {
                    word.append(c)
                    advance()
                }
                if let q = current, q == "\"" || q == "'", word.count <= 2,
                   word.lowercased().allSatisfy({ "rfbu".contains($0) }) {
                    try lexString(prefix: word.lowercased(), start: start)
                    continue
                }
                add(pythonKeywords.contains(word) ? .keyword(word) : .name(word), at: start, length: word.count)
                continue
            }
            try lexOperator(start)
        }
        if let (open, location) = brackets.last {
            incompleteness = .openBracket
            throw syntaxError("'\(open)' was never closed", at: location)
        }
        let end = here
        if let last = tokens.last, last.kind != .newline { add(.newline, at: end, length: 0) }
        while indents.count > 1 {
            indents.removeLast()
            add(.dedent, at: end, length: 0)
        }
        add(.endOfInput, at: end, length: 0)
        return tokens
    }

    /// Measures a line's indentation and emits INDENT/DEDENT. Returns true when the line was
    /// blank or a comment (and consumed).
    private mutating func handleIndentation() throws -> Bool {
        var width = 0
        while let c = current, c == " " || c == "\t" || c == "\u{0C}" {
            width = c == "\t" ? (width / 8 + 1) * 8 : width + 1
            advance()
        }
        guard let c = current else { return false }
        if c == "\n" { advance(); atLineStart = true; return true }
        if c == "#" {
            while let c = current, c != "\n" { advance() }
            return false
        }
        if c == "\\" && peek() == "\n" { return false }
        let location = here
        if width > indents[indents.count - 1] {
            if tokens.isEmpty || tokens.last?.kind != .newline {
                throw syntaxError("unexpected indent", at: location, kind: .indentationError)
            }
            indents.append(width)
            add(.indent, at: location, length: 0)
        } else {
            while width < indents[indents.count - 1] {
                indents.removeLast()
                add(.dedent, at: location, length: 0)
            }
            if width != indents[indents.count - 1] {
                throw syntaxError("unindent does not match any outer indentation level", at: location, kind: .indentationError)
            }
        }
        if c == "%" || c == "?" || lineEndsWithQuestionMark() {
            try lexMagicOrHelp(at: location)
            return true
        }
        return false
    }

    /// Whether the rest of the current line is `dotted.name?` (IPython's help syntax).
    private func lineEndsWithQuestionMark() -> Bool {
        var end = position
        while end < chars.count, chars[end] != "\n" { end += 1 }
        let text = String(chars[position..<end]).trimmingSpaces()
        guard text.hasSuffix("?") else { return false }
        let name = text.trimmingCharacters("?")
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
    }

    /// Reads a whole line magic / help line as one token.
    private mutating func lexMagicOrHelp(at location: SourceLocation) throws {
        var text = ""
        let cellMagic = current == "%" && peek() == "%"
        if cellMagic {
            while let c = current { text.append(c); advance() }
        } else {
            while let c = current, c != "\n" { text.append(c); advance() }
        }
        let length = text.count
        if text.hasPrefix("%") {
            var body = text.dropFirst()
            if cellMagic { body = body.dropFirst() }
            let firstLine = body.prefix { $0 != "\n" }
            let name = String(firstLine.prefix { !$0.isWhitespace })
            var arguments = String(body.dropFirst(name.count))
            if !cellMagic || !arguments.hasPrefix("\n") { arguments = String(arguments.drop { $0 == " " || $0 == "\t" }) }
            if name.isEmpty { throw syntaxError("invalid syntax", at: location) }
            add(.magic(name: cellMagic ? "%" + name : name, arguments: arguments), at: location, length: length)
        } else {
            let name = text.trimmingSpaces().trimmingCharacters("?")
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                throw syntaxError("invalid syntax", at: location)
            }
            add(.help(name), at: location, length: length)
        }
        add(.newline, at: here, length: 0)
        if current == "\n" { advance() }
        atLineStart = true
    }

    private mutating func lexNumber(_ start: SourceLocation) throws {
        var text = ""
        func digits(_ allowed: (Character) -> Bool) {
            while let c = current, allowed(c) || (c == "_" && (peek().map(allowed) ?? false)) {
                if c != "_" { text.append(c) }
                advance()
            }
        }
        if current == "0", let p = peek(), "xXoObB".contains(p) {
            advance(); advance()
            let radix = "xX".contains(p) ? 16 : ("oO".contains(p) ? 8 : 2)
            digits { $0.isHexDigit && Int(String($0), radix: radix) != nil }
            guard let value = Int(text, radix: radix) else {
                throw syntaxError("invalid \(radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") literal", at: start)
            }
            add(.int(value), at: start, length: column - start.column)
            return
        }
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        digits(isDigit)
        var isFloat = false
        if current == ".", !(peek()?.isLetter ?? false) || peek() == "e" || peek() == "E" {
            isFloat = true
            text.append(".")
            advance()
            digits(isDigit)
        }
        if let e = current, e == "e" || e == "E" {
            let sign = peek()
            if let s = sign, isDigit(s) || ((s == "+" || s == "-") && (peek(2).map(isDigit) ?? false)) {
                isFloat = true
                text.append("e")
                advance()
                if current == "+" || current == "-" { text.append(current ?? "+"); advance() }
                digits(isDigit)
            }
        }
        if let c = current, c == "j" || c == "J" {
            throw syntaxError("complex numbers are not supported in Factorize", at: start)
        }
        if let c = current, c.isLetter || c == "_" {
            throw syntaxError("invalid decimal literal", at: start)
        }
        let length = column - start.column
        if isFloat {
            guard let value = Double(text) else { throw syntaxError("invalid decimal literal", at: start) }
            add(.float(value), at: start, length: length)
        } else {
            if text.count > 1, text.first == "0", text.contains(where: { $0 != "0" }) {
                throw syntaxError("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: start)
            }
            guard let value = Int(text) else {
                throw ScriptError(.overflowError, "integer literal \(text) is too large for Factorize's 64-bit int", location: start)
            }
            add(.int(value), at: start, length: length)
        }
    }

    private mutating func lexString(prefix: String, start: SourceLocation) throws {
        guard let quote = current else { return }
        let raw = prefix.contains("r")
        let isFormat = prefix.contains("f")
        let triple = peek() == quote && peek(2) == quote
        advance()
        if triple { advance(); advance() }
        let bodyStart = here
        var body = ""
        while true {
            guard let c = current else {
                if triple {
                    incompleteness = .openTripleString
                    throw syntaxError("unterminated triple-quoted string literal (detected at line \(line))", at: start)
                }
                throw syntaxError("unterminated string literal (detected at line \(line))", at: start)
            }
            if c == "\\" {
                body.append(c)
                advance()
                if let next = current {
                    body.append(next)
                    advance()
                }
                continue
            }
            if c == "\n" && !triple {
                throw syntaxError("unterminated string literal (detected at line \(line))", at: start)
            }
            if c == quote {
                if !triple { advance(); break }
                if peek() == quote && peek(2) == quote { advance(); advance(); advance(); break }
            }
            body.append(c)
            advance()
        }
        let length = start.line == line ? column - start.column : 1
        if isFormat {
            add(.formatString(body: body, raw: raw, bodyStart: bodyStart), at: start, length: length)
        } else {
            add(.string(raw ? body : try unescape(body, at: start)), at: start, length: length)
        }
    }

    private mutating func lexOperator(_ start: SourceLocation) throws {
        guard let ch = current else { return }
        let three = String([ch, peek() ?? " ", peek(2) ?? " "])
        let two = String([ch, peek() ?? " "])
        let threeOps: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
        let twoOps: Set<String> = ["**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=",
                                   "%=", "@=", "&=", "|=", "^=", "->", ":="]
        var text: String
        if threeOps.contains(three) { text = three } else if twoOps.contains(two) { text = two } else { text = String(ch) }
        switch text {
        case "(", "[", "{":
            brackets.append((ch, start))
        case ")", "]", "}":
            let expected: Character = ch == ")" ? "(" : (ch == "]" ? "[" : "{")
            guard let (open, _) = brackets.last else {
                throw syntaxError("unmatched '\(ch)'", at: start)
            }
            if open != expected {
                let closer: Character = open == "(" ? ")" : (open == "[" ? "]" : "}")
                throw syntaxError("closing parenthesis '\(ch)' does not match opening parenthesis '\(open)'" +
                                  (closer == ch ? "" : ""), at: start)
            }
            brackets.removeLast()
        default:
            let singles = "+-*/%@&|^~<>=.,:;!?"
            if text.count == 1 && !singles.contains(ch) {
                if ch == "$" || ch == "`" {
                    throw syntaxError("invalid syntax", at: start)
                }
                let code = ch.unicodeScalars.first.map { String($0.value, radix: 16, uppercase: true) } ?? "?"
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                throw syntaxError("invalid character '\(ch)' (U+\(padded))", at: start)
            }
        }
        for _ in 0..<text.count { advance() }
        add(.op(text), at: start, length: text.count)
    }
}

/// Processes Python's backslash escapes in a string literal's body.
/// - Throws: `SyntaxError` for a truncated `\x`/`\u` escape.
func unescape(_ body: String, at location: SourceLocation) throws -> String {
    guard body.contains("\\") else { return body }
    var out = ""
    let iterator = Array(body)
    var i = 0
    func hex(_ count: Int) throws -> Character {
        guard i + count <= iterator.count - 1 else {
            throw ScriptError(.syntaxError, "(unicode error) truncated escape sequence", location: location)
        }
        let digits = String(iterator[(i + 1)...(i + count)])
        guard let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
            throw ScriptError(.syntaxError, "(unicode error) truncated escape sequence", location: location)
        }
        i += count
        return Character(scalar)
    }
    while i < iterator.count {
        let c = iterator[i]
        if c != "\\" || i + 1 >= iterator.count {
            out.append(c)
            i += 1
            continue
        }
        i += 1
        let e = iterator[i]
        switch e {
        case "n": out.append("\n")
        case "t": out.append("\t")
        case "r": out.append("\r")
        case "0": out.append("\0")
        case "a": out.append("\u{07}")
        case "b": out.append("\u{08}")
        case "f": out.append("\u{0C}")
        case "v": out.append("\u{0B}")
        case "\\": out.append("\\")
        case "'": out.append("'")
        case "\"": out.append("\"")
        case "\n": break
        case "x": out.append(try hex(2))
        case "u": out.append(try hex(4))
        case "U": out.append(try hex(8))
        default:
            out.append("\\")
            out.append(e)
        }
        i += 1
    }
    return out
}

extension String {
    /// Drops leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        trimmingCharacters(" \t")
    }

    /// Drops leading and trailing characters found in `set`.
    func trimmingCharacters(_ set: String) -> String {
        let chars = Array(self)
        var start = 0
        var end = chars.count
        while start < end, set.contains(chars[start]) { start += 1 }
        while end > start, set.contains(chars[end - 1]) { end -= 1 }
        return String(chars[start..<end])
    }

    /// Replaces every occurrence of `target` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return components(separatedByString: target).joined(separator: replacement)
    }

    /// Splits on a multi-character separator, keeping empty pieces (Python's `str.split(sep)`).
    func components(separatedByString separator: String) -> [String] {
        let sep = Array(separator)
        let chars = Array(self)
        guard !sep.isEmpty, chars.count >= sep.count else { return [self] }
        var pieces: [String] = []
        var currentPiece: [Character] = []
        var i = 0
        while i < chars.count {
            if chars[i] == sep[0], i + sep.count <= chars.count, Array(chars[i..<(i + sep.count)]) == sep {
                pieces.append(String(currentPiece))
                currentPiece.removeAll()
                i += sep.count
            } else {
                currentPiece.append(chars[i])
                i += 1
            }
        }
        pieces.append(String(currentPiece))
        return pieces
    }
}
