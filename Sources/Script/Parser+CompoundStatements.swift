// The parser's compound statements: if, for, while, try, with, def (and the parameter lists of
// def and lambda).
extension Parser {
    mutating func parseIf() throws -> Stmt {
        let location = token.location
        advance()
        var branches: [(test: Expr, body: [Stmt])] = []
        let test = try parseNamedTest()
        branches.append((test, try parseBlock(after: "'if' statement", line: location.line)))
        var orElse: [Stmt] = []
        while true {
            let line = token.location.line
            if acceptKeyword("elif") {
                let test = try parseNamedTest()
                branches.append((test, try parseBlock(after: "'elif' statement", line: line)))
            } else if acceptKeyword("else") {
                orElse = try parseBlock(after: "'else' statement", line: line)
                break
            } else {
                break
            }
        }
        return Stmt(.ifStatement(branches: branches, orElse: orElse), location)
    }

    mutating func parseFor() throws -> Stmt {
        let location = token.location
        advance()
        let target = try parseTargetList()
        guard acceptKeyword("in") else { throw error("invalid syntax") }
        let iterable = try parseExpressionList(allowStar: true)
        let (body, orElse) = try parseLoopBody(after: "'for' statement", line: location.line)
        return Stmt(.forLoop(target: target, iterable: iterable, body: body, orElse: orElse), location)
    }

    /// A loop's block (inside which `break` and `continue` are allowed) and its optional
    /// `else:` block, for `for` and `while`.
    private mutating func parseLoopBody(after statement: String, line: Int) throws -> (body: [Stmt], orElse: [Stmt]) {
        loopDepth += 1
        let body = try parseBlock(after: statement, line: line)
        loopDepth -= 1
        var orElse: [Stmt] = []
        let elseLine = token.location.line
        if acceptKeyword("else") { orElse = try parseBlock(after: "'else' statement", line: elseLine) }
        return (body, orElse)
    }

    /// The target of `for` or a comprehension: names, attributes, subscripts, tuples of them.
    mutating func parseTargetList() throws -> Expr {
        let location = token.location
        var items = [try parseTargetItem()]
        var trailingComma = false
        while accept(",") {
            trailingComma = true
            if isKeyword("in") || isOp("=") { break }
            items.append(try parseTargetItem())
            trailingComma = false
        }
        let target = items.count == 1 && !trailingComma ? items[0] : Expr(.tuple(items), location)
        try checkTarget(target, verb: "assign to")
        return target
    }

    private mutating func parseTargetItem() throws -> Expr {
        if isOp("*") {
            let location = token.location
            advance()
            return Expr(.starred(try parseBitOr()), location)
        }
        return try parseBitOr()
    }

    mutating func parseWhile() throws -> Stmt {
        let location = token.location
        advance()
        let test = try parseNamedTest()
        let (body, orElse) = try parseLoopBody(after: "'while' statement", line: location.line)
        return Stmt(.whileLoop(test: test, body: body, orElse: orElse), location)
    }

    mutating func parseTry() throws -> Stmt {
        let location = token.location
        advance()
        let body = try parseBlock(after: "'try' statement", line: location.line)
        var handlers: [ExceptHandler] = []
        var orElse: [Stmt] = []
        var finally: [Stmt] = []
        while isKeyword("except") {
            let handlerLocation = token.location
            advance()
            var types: Expr?
            var name: String?
            if !isOp(":") {
                types = try parseTest()
                if accept(",") {
                    throw error("multiple exception types must be parenthesized", at: types?.location)
                }
                if acceptKeyword("as") { name = try expectName() }
            }
            let handlerBody = try parseBlock(after: "'except' statement", line: handlerLocation.line)
            handlers.append(ExceptHandler(types: types, name: name, body: handlerBody, location: handlerLocation))
        }
        if isKeyword("else") {
            let line = token.location.line
            advance()
            if handlers.isEmpty { throw error("invalid syntax") }
            orElse = try parseBlock(after: "'else' statement", line: line)
        }
        if isKeyword("finally") {
            let line = token.location.line
            advance()
            finally = try parseBlock(after: "'finally' statement", line: line)
        }
        if handlers.isEmpty && finally.isEmpty {
            throw error("expected 'except' or 'finally' block")
        }
        return Stmt(.tryStatement(body: body, handlers: handlers, orElse: orElse, finally: finally), location)
    }

    mutating func parseWith() throws -> Stmt {
        let location = token.location
        advance()
        var items: [(context: Expr, target: Expr?)] = []
        repeat {
            let context = try parseTest()
            var target: Expr?
            if acceptKeyword("as") {
                target = try parseBitOr()
                if let t = target { try checkTarget(t, verb: "assign to") }
            }
            items.append((context, target))
        } while accept(",")
        let body = try parseBlock(after: "'with' statement", line: location.line)
        return Stmt(.with(items: items, body: body), location)
    }

    mutating func parseDef() throws -> Stmt {
        let location = token.location
        advance()
        let name = try expectName()
        let signatureStart = position
        try expect("(", "expected '('")
        let parameters = try parseParameters(closing: ")")
        try expect(")")
        let signature = name + tokensText(from: signatureStart, to: position)
        if accept("->") { _ = try parseTest() }
        globalNames.append([])
        let outerLoops = loopDepth
        loopDepth = 0
        functionDepth += 1
        let body = try parseBlock(after: "function definition", line: location.line)
        functionDepth -= 1
        loopDepth = outerLoops
        let globals = globalNames.removeLast()
        var docstring: String?
        if case .expression(let e)? = body.first?.kind, case .constant(.str(let text)) = e.kind { docstring = text }
        let definition = FunctionDefinition(name: name, parameters: parameters, body: body, location: location,
                                            docstring: docstring, globals: globals, signature: signature)
        return Stmt(.functionDefinition(definition), location)
    }

    /// Rebuilds the source text of a token range, for signatures shown by `help()`.
    func tokensText(from start: Int, to end: Int) -> String {
        var text = ""
        for index in start..<min(end, tokens.count) {
            let piece: String
            switch tokens[index].kind {
            case .name(let n), .keyword(let n): piece = n
            case .int(let i): piece = String(i)
            case .float(let d): piece = Value.formatFloat(d)
            case .string(let s): piece = Value.quote(s)
            case .op(let o): piece = o
            default: piece = ""
            }
            if piece == "," { text += ", " } else if piece == "=" || piece == "*" || piece == "**" || piece == "(" || piece == ")" {
                text += piece
            } else {
                if let last = text.last, last.isLetter || last.isNumber || last == "_" { text += " " }
                text += piece
            }
        }
        return text
    }

    /// Parameters of `def` (closing `)`) or `lambda` (closing `:`).
    mutating func parseParameters(closing: String) throws -> [Parameter] {
        var parameters: [Parameter] = []
        var sawDefault = false
        var sawStar = false
        var seen: Set<String> = []
        func add(_ p: Parameter, at location: SourceLocation) throws {
            if p.name != "", !seen.insert(p.name).inserted {
                throw error("duplicate argument '\(p.name)' in function definition", at: location)
            }
            parameters.append(p)
        }
        while !isOp(closing) {
            let location = token.location
            if accept("**") {
                try add(Parameter(name: try expectName(), kind: .varKeywords, defaultValue: nil), at: location)
                if !isOp(closing) { try expect(",") }
                if !isOp(closing) { throw error("arguments cannot follow var-keyword argument") }
                break
            }
            if accept("*") {
                if sawStar { throw error("* argument may appear only once") }
                sawStar = true
                if case .name(let n) = kind {
                    advance()
                    try add(Parameter(name: n, kind: .varArgs, defaultValue: nil), at: location)
                } else {
                    try add(Parameter(name: "", kind: .varArgs, defaultValue: nil), at: location)
                }
            } else if accept("/") {
                // Positional-only marker: accepted and ignored.
            } else {
                let name = try expectName()
                if closing == ")" && accept(":") { _ = try parseTest() }
                var defaultValue: Expr?
                if accept("=") {
                    defaultValue = try parseTest()
                    sawDefault = true
                } else if sawDefault && !sawStar {
                    throw error("non-default argument follows default argument", at: location)
                }
                try add(Parameter(name: name, kind: sawStar ? .keywordOnly : .normal, defaultValue: defaultValue), at: location)
            }
            if !accept(",") { break }
        }
        return parameters
    }
}
