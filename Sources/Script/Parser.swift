/// A parsed cell: its statements and whether the last one ended with `;` (hiding `Out[n]`).
struct Module {
    var body: [Stmt]
    var endsWithSemicolon: Bool
}

/// Recursive-descent parser with Python's grammar and precedence (statements here, expressions in
/// Parser+Expressions.swift). Collects several syntax errors by skipping to the next line.
struct Parser {
    var tokens: [Token]
    var position = 0
    var errors: [ScriptError] = []
    var depth = 0
    var blockDepth = 0
    /// Names declared `global` in the function being parsed.
    var globalNames: [Set<String>] = []
    var lastLineSemicolon = false
    /// Enclosing loops and functions, for `'break' outside loop` / `'return' outside function`.
    var loopDepth = 0
    var functionDepth = 0
    static let maximumDepth = 100
    /// Parsing stops with an error rather than overflow the thread's stack.
    var stackFloor: UInt = currentStackFloor()

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Lexes and parses a whole cell.
    /// - Throws: the first `SyntaxError`/`IndentationError`, with the later ones as notes.
    static func parse(_ source: String) throws -> Module {
        var lexer = Lexer(source)
        let tokens = try lexer.tokenize()
        var parser = Parser(tokens: tokens)
        return try parser.parseModule()
    }

    // MARK: - Token helpers

    var token: Token { tokens[min(position, tokens.count - 1)] }
    var kind: TokenKind { token.kind }

    func peekKind(_ offset: Int = 1) -> TokenKind {
        tokens[min(position + offset, tokens.count - 1)].kind
    }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func isOp(_ text: String) -> Bool {
        if case .op(text) = kind { return true }
        return false
    }

    func isKeyword(_ word: String) -> Bool {
        if case .keyword(word) = kind { return true }
        return false
    }

    mutating func accept(_ text: String) -> Bool {
        if isOp(text) { advance(); return true }
        return false
    }

    mutating func acceptKeyword(_ word: String) -> Bool {
        if isKeyword(word) { advance(); return true }
        return false
    }

    func error(_ message: String, at location: SourceLocation? = nil, kind: ExceptionKind = .syntaxError) -> ScriptError {
        ScriptError(kind, message, location: location ?? token.location)
    }

    /// The generic error for the current token, with Python's special wordings.
    func unexpected() -> ScriptError {
        switch kind {
        case .indent: return error("unexpected indent", kind: .indentationError)
        case .dedent: return error("unindent does not match any outer indentation level", kind: .indentationError)
        case .endOfInput, .newline: return error("invalid syntax")
        case .keyword(let word) where ["class", "yield", "async", "await", "nonlocal"].contains(word):
            return error("'\(word)' is not supported in Factorize")
        default: return error("invalid syntax")
        }
    }

    mutating func expect(_ text: String, _ message: String? = nil) throws {
        guard accept(text) else { throw error(message ?? "expected '\(text)'") }
    }

    mutating func expectName() throws -> String {
        if case .name(let name) = kind { advance(); return name }
        throw unexpected()
    }

    // MARK: - Statements

    mutating func parseModule() throws -> Module {
        var body: [Stmt] = []
        var endsWithSemicolon = false
        while kind != .endOfInput {
            if kind == .newline { advance(); continue }
            do {
                lastLineSemicolon = false
                body.append(contentsOf: try parseStatement())
                endsWithSemicolon = lastLineSemicolon
            } catch let e as ScriptError {
                errors.append(e)
                loopDepth = 0
                functionDepth = 0
                globalNames.removeAll()
                if e.kind == .indentationError || errors.count >= 10 { break }
                recover()
            }
        }
        if var first = errors.first {
            first.notes = errors.dropFirst().compactMap { e in
                e.location.map { "line \($0.line): \(e.kind.rawValue): \(e.message)" }
            }
            throw first
        }
        return Module(body: body, endsWithSemicolon: endsWithSemicolon)
    }

    /// Skips to the start of the next statement after an error (and over its indented block).
    mutating func recover() {
        while kind != .newline && kind != .endOfInput { advance() }
        if kind == .newline { advance() }
        if kind == .indent {
            var level = 0
            repeat {
                if kind == .indent { level += 1 }
                if kind == .dedent { level -= 1 }
                advance()
            } while level > 0 && kind != .endOfInput
        }
    }

    /// A line of simple statements, or one compound statement.
    mutating func parseStatement() throws -> [Stmt] {
        let location = token.location
        if case .keyword(let word) = kind {
            switch word {
            case "if": return [try parseIf()]
            case "for": return [try parseFor()]
            case "while": return [try parseWhile()]
            case "try": return [try parseTry()]
            case "with": return [try parseWith()]
            case "def": return [try parseDef()]
            case "class", "async":
                throw error("'\(word)' is not supported in Factorize (it has no user-defined classes or coroutines)")
            default: break
            }
        }
        if case .op("@") = kind {
            throw error("decorators are not supported in Factorize")
        }
        if case .magic(let name, let arguments) = kind {
            advance()
            if kind == .newline { advance() }
            return [Stmt(.magic(name: name, arguments: arguments), location)]
        }
        if case .help(let name) = kind {
            advance()
            if kind == .newline { advance() }
            return [Stmt(.help(name), location)]
        }
        var statements: [Stmt] = []
        while true {
            statements.append(try parseSimpleStatement())
            if accept(";") {
                if kind == .newline || kind == .endOfInput {
                    lastLineSemicolon = true
                    break
                }
                continue
            }
            break
        }
        if kind == .newline {
            advance()
        } else if kind != .endOfInput {
            if case .expression(let e)? = statements.last?.kind, case .name("print") = e.kind {
                throw error("Missing parentheses in call to 'print'. Did you mean print(...)?", at: e.location)
            }
            throw unexpected()
        }
        return statements
    }

    mutating func parseSimpleStatement() throws -> Stmt {
        let location = token.location
        if case .keyword(let word) = kind {
            switch word {
            case "pass": advance(); return Stmt(.pass, location)
            case "break", "continue":
                if loopDepth == 0 { throw error("'\(word)' \(word == "break" ? "outside loop" : "not properly in loop")") }
                advance()
                return Stmt(word == "break" ? .breakLoop : .continueLoop, location)
            case "return":
                if functionDepth == 0 { throw error("'return' outside function") }
                advance()
                if atStatementEnd { return Stmt(.returnValue(nil), location) }
                return Stmt(.returnValue(try parseExpressionList()), location)
            case "import": return try parseImport()
            case "from": return try parseFromImport()
            case "global":
                advance()
                var names = [try expectName()]
                while accept(",") { names.append(try expectName()) }
                if !globalNames.isEmpty { globalNames[globalNames.count - 1].formUnion(names) }
                return Stmt(.global(names), location)
            case "del":
                advance()
                var targets = [try parseOr()]
                while accept(",") {
                    if atStatementEnd { break }
                    targets.append(try parseOr())
                }
                for target in targets { try checkTarget(target, verb: "delete") }
                return Stmt(.delete(targets), location)
            case "assert":
                advance()
                let test = try parseTest()
                let message = accept(",") ? try parseTest() : nil
                return Stmt(.assert(test: test, message: message), location)
            case "raise":
                advance()
                if atStatementEnd { return Stmt(.raise(nil, cause: nil), location) }
                let value = try parseTest()
                let cause = acceptKeyword("from") ? try parseTest() : nil
                return Stmt(.raise(value, cause: cause), location)
            case "yield", "nonlocal", "await", "class", "async":
                throw error("'\(word)' is not supported in Factorize")
            default: break
            }
        }
        let first = try parseExpressionList(allowStar: true)
        if case .op(let op) = kind, op.count >= 2, op.hasSuffix("="), !["==", "<=", ">=", "!="].contains(op),
           let binary = BinaryOperator(rawValue: String(op.dropLast())) {
            try checkTarget(first, verb: "assign to", augmented: true)
            advance()
            let value = try parseExpressionList()
            return Stmt(.augmentedAssign(target: first, op: binary, value: value), location)
        }
        if isOp(":"), case .name = first.kind {
            // An annotated assignment `x: int = 3`: the annotation is evaluated and ignored.
            advance()
            _ = try parseTest()
            if accept("=") {
                return Stmt(.assign(targets: [first], value: try parseExpressionList()), location)
            }
            return Stmt(.pass, location)
        }
        if isOp("=") {
            var targets = [first]
            var value = first
            while accept("=") {
                value = try parseExpressionList(allowStar: true)
                targets.append(value)
            }
            targets.removeLast()
            for target in targets { try checkTarget(target, verb: "assign to") }
            return Stmt(.assign(targets: targets, value: value), location)
        }
        if case .starred = first.kind {
            throw error("can't use starred expression here", at: first.location)
        }
        return Stmt(.expression(first), location)
    }

    var atStatementEnd: Bool {
        kind == .newline || kind == .endOfInput || isOp(";")
    }

    /// Rejects targets Python cannot assign to, with CPython's wording.
    func checkTarget(_ target: Expr, verb: String, augmented: Bool = false) throws {
        switch target.kind {
        case .name, .attribute, .subscript: return
        case .tuple(let items), .list(let items):
            if augmented {
                throw error("'\(target.kind.isTuple ? "tuple" : "list")' is an illegal expression for augmented assignment", at: target.location)
            }
            for item in items { try checkTarget(item, verb: verb) }
        case .starred(let inner):
            try checkTarget(inner, verb: verb)
        case .call:
            throw error("cannot \(verb) function call here. Maybe you meant '==' instead of '='?", at: target.location)
        case .constant(let value):
            let what = value.isNoneOrBool ? Value.reprOf(value) : "literal"
            throw error("cannot \(verb) \(what)\(value.isNoneOrBool ? "" : " here. Maybe you meant '==' instead of '='?")", at: target.location)
        default:
            throw error("cannot \(verb) expression here. Maybe you meant '==' instead of '='?", at: target.location)
        }
    }

    mutating func parseDottedName() throws -> String {
        var name = try expectName()
        while accept(".") { name += "." + (try expectName()) }
        return name
    }

    mutating func parseImport() throws -> Stmt {
        let location = token.location
        advance()
        var modules: [(name: String, alias: String?)] = []
        repeat {
            let name = try parseDottedName()
            let alias = acceptKeyword("as") ? try expectName() : nil
            modules.append((name, alias))
        } while accept(",")
        return Stmt(.importModules(modules), location)
    }

    mutating func parseFromImport() throws -> Stmt {
        let location = token.location
        advance()
        if isOp(".") { throw error("relative imports are not supported in Factorize") }
        let module = try parseDottedName()
        guard acceptKeyword("import") else { throw error("invalid syntax") }
        if accept("*") { return Stmt(.importAll(module: module), location) }
        let parenthesized = accept("(")
        var names: [(name: String, alias: String?)] = []
        repeat {
            if parenthesized && isOp(")") { break }
            let name = try expectName()
            let alias = acceptKeyword("as") ? try expectName() : nil
            names.append((name, alias))
        } while accept(",")
        if parenthesized { try expect(")") }
        return Stmt(.importFrom(module: module, names: names), location)
    }

    /// `:` then either a simple statement on the same line or an indented block.
    mutating func parseBlock(after construct: String, line: Int) throws -> [Stmt] {
        try expect(":", "expected ':'")
        blockDepth += 1
        defer { blockDepth -= 1 }
        if blockDepth > Parser.maximumDepth || stackPointer() < stackFloor { throw error("too many statically nested blocks") }
        if kind != .newline {
            var statements: [Stmt] = []
            while true {
                statements.append(try parseSimpleStatement())
                if accept(";") { if kind == .newline || kind == .endOfInput { break }; continue }
                break
            }
            if kind == .newline { advance() } else if kind != .endOfInput { throw unexpected() }
            return statements
        }
        advance()
        guard kind == .indent else {
            throw error("expected an indented block after \(construct) on line \(line)", kind: .indentationError)
        }
        advance()
        var body: [Stmt] = []
        while kind != .dedent && kind != .endOfInput {
            if kind == .newline { advance(); continue }
            body.append(contentsOf: try parseStatement())
        }
        if kind == .dedent { advance() }
        return body
    }
}

extension ExprKind {
    var isTuple: Bool {
        if case .tuple = self { return true }
        return false
    }
}

extension Value {
    var isNoneOrBool: Bool {
        switch self {
        case .none, .bool: return true
        default: return false
        }
    }
}
