/// f-strings: splitting the body into literal text and `{expr!r:spec}` fields (PEP 498).
extension Parser {
    /// Parses an f-string body (escapes unprocessed) into parts.
    /// - Throws: `SyntaxError` with CPython's `f-string: …` wordings.
    func parseFormatBody(_ chars: [Character], raw: Bool, start: SourceLocation, nested: Bool = false) throws -> [FormatPart] {
        var parts: [FormatPart] = []
        var literal = ""
        var i = 0
        func location(of index: Int) -> SourceLocation {
            var loc = start
            for c in chars[0..<min(index, chars.count)] {
                if c == "\n" { loc.line += 1; loc.column = 1 } else { loc.column += 1 }
            }
            return loc
        }
        func flush() throws {
            if !literal.isEmpty {
                parts.append(.literal(raw ? literal : try unescape(literal, at: start)))
                literal = ""
            }
        }
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count && chars[i + 1] == "{" && !nested {
                    literal.append("{")
                    i += 2
                    continue
                }
                try flush()
                let (part, next) = try parseField(chars, from: i + 1, raw: raw, location: location)
                parts.append(part)
                i = next
                continue
            }
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" && !nested {
                    literal.append("}")
                    i += 2
                    continue
                }
                throw ScriptError(.syntaxError, "f-string: single '}' is not allowed", location: location(of: i))
            }
            if c == "\\" && i + 1 < chars.count {
                literal.append(c)
                literal.append(chars[i + 1])
                i += 2
                continue
            }
            literal.append(c)
            i += 1
        }
        try flush()
        return parts
    }

    /// Parses one replacement field starting after its `{`; returns the part and the index after `}`.
    private func parseField(_ chars: [Character], from start: Int, raw: Bool,
                            location: (Int) -> SourceLocation) throws -> (FormatPart, Int) {
        var i = start
        var depth = 0
        var quote: Character?
        var expressionEnd = -1
        var selfDocumenting: String?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "\"" { quote = c; i += 1; continue }
            if c == "(" || c == "[" || c == "{" { depth += 1 }
            if c == ")" || c == "]" { depth -= 1 }
            if c == "}" {
                if depth == 0 { expressionEnd = i; break }
                depth -= 1
            }
            if depth == 0 {
                if c == "!" && i + 1 < chars.count && chars[i + 1] != "=" { expressionEnd = i; break }
                if c == ":" { expressionEnd = i; break }
                if c == "=" && i + 1 < chars.count && "}!:".contains(chars[i + 1])
                    && i > start && !"=!<>".contains(chars[i - 1]) {
                    selfDocumenting = String(chars[start...i])
                    expressionEnd = i
                    break
                }
            }
            if c == "#" {
                throw ScriptError(.syntaxError, "f-string expression part cannot include '#'", location: location(i))
            }
            i += 1
        }
        guard expressionEnd >= 0 else {
            throw ScriptError(.syntaxError, "f-string: expecting '}'", location: location(start - 1))
        }
        let text = String(chars[start..<expressionEnd])
        if text.trimmingCharacters(" \t\n").isEmpty {
            throw ScriptError(.syntaxError, "f-string: empty expression not allowed", location: location(start - 1))
        }
        var expressionLocation = location(start)
        expressionLocation.column -= 1
        var lexer = Lexer("(" + text + ")", start: expressionLocation)
        var subParser = Parser(tokens: try lexer.tokenize())
        subParser.depth = depth
        let expr = try subParser.parseExpressionList(allowStar: false)
        if subParser.kind != .newline && subParser.kind != .endOfInput {
            throw ScriptError(.syntaxError, "f-string: invalid syntax", location: subParser.token.location)
        }
        i = expressionEnd
        if selfDocumenting != nil { i += 1 }
        var conversion: Character?
        if i < chars.count && chars[i] == "!" {
            guard i + 1 < chars.count, "rsa".contains(chars[i + 1]) else {
                throw ScriptError(.syntaxError, "f-string: invalid conversion character: expected 's', 'r', or 'a'", location: location(i))
            }
            conversion = chars[i + 1]
            i += 2
        }
        var spec: [FormatPart] = []
        if i < chars.count && chars[i] == ":" {
            i += 1
            let specStart = i
            var nesting = 0
            while i < chars.count {
                if chars[i] == "{" { nesting += 1 }
                if chars[i] == "}" {
                    if nesting == 0 { break }
                    nesting -= 1
                }
                i += 1
            }
            let specChars = Array(chars[specStart..<min(i, chars.count)])
            spec = try parseFormatBody(specChars, raw: raw, start: location(specStart), nested: true)
        }
        guard i < chars.count && chars[i] == "}" else {
            throw ScriptError(.syntaxError, "f-string: expecting '}'", location: location(i))
        }
        if selfDocumenting != nil && conversion == nil && spec.isEmpty { conversion = "r" }
        return (.field(expr, conversion: conversion, spec: spec, selfDocumenting: selfDocumenting), i + 1)
    }
}
