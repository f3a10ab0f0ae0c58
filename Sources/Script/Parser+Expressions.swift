/// Expressions, lowest precedence first (Python's grammar: test → or → and → not → comparison →
/// `|` → `^` → `&` → shifts → `+ -` → `* / // % @` → unary → `**` → primary).
extension Parser {
    /// `a, b, *c` → a tuple when there is a comma, else the single expression.
    mutating func parseExpressionList(allowStar: Bool = false) throws -> Expr {
        let location = token.location
        let first = try parseListItem(allowStar: allowStar)
        guard isOp(",") else { return first }
        var items = [first]
        while accept(",") {
            if atStatementEnd || isOp("=") || isOp(")") || isOp(":") || isKeyword("in") || kind.isAugmentedAssign { break }
            items.append(try parseListItem(allowStar: allowStar))
        }
        return Expr(.tuple(items), location)
    }

    private mutating func parseListItem(allowStar: Bool) throws -> Expr {
        if isOp("*") {
            let location = token.location
            advance()
            return Expr(.starred(try parseBitOr()), location)
        }
        return try parseTest()
    }

    /// A test that may be a walrus `name := value` (not supported: reported clearly).
    mutating func parseNamedTest() throws -> Expr {
        let test = try parseTest()
        if isOp(":=") { throw error("assignment expressions (:=) are not supported in Factorize") }
        return test
    }

    /// `lambda`, or `a if cond else b`.
    mutating func parseTest() throws -> Expr {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth || stackPointer() < stackFloor { throw error("too many nested parentheses") }
        if isKeyword("lambda") { return try parseLambda() }
        let location = token.location
        let body = try parseOr()
        if acceptKeyword("if") {
            let test = try parseOr()
            guard acceptKeyword("else") else { throw error("expected 'else' after 'if' expression") }
            let orElse = try parseTest()
            return Expr(.conditional(test: test, body: body, orElse: orElse), location)
        }
        return body
    }

    mutating func parseLambda() throws -> Expr {
        let location = token.location
        advance()
        let parameters = try parseParameters(closing: ":")
        try expect(":", "expected ':'")
        let body = try parseTest()
        let definition = FunctionDefinition(name: "<lambda>", parameters: parameters,
                                            body: [Stmt(.returnValue(body), body.location)], location: location,
                                            docstring: nil, globals: [], signature: "<lambda>(" + parameters.map { p in
                                                (p.kind == .varArgs ? "*" : p.kind == .varKeywords ? "**" : "") + p.name
                                            }.joined(separator: ", ") + ")")
        return Expr(.lambda(definition), location)
    }

    mutating func parseOr() throws -> Expr {
        let location = token.location
        let first = try parseAnd()
        guard isKeyword("or") else { return first }
        var items = [first]
        while acceptKeyword("or") { items.append(try parseAnd()) }
        return Expr(.or(items), location)
    }

    mutating func parseAnd() throws -> Expr {
        let location = token.location
        let first = try parseNot()
        guard isKeyword("and") else { return first }
        var items = [first]
        while acceptKeyword("and") { items.append(try parseNot()) }
        return Expr(.and(items), location)
    }

    mutating func parseNot() throws -> Expr {
        let location = token.location
        if acceptKeyword("not") {
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maximumDepth { throw error("too many nested parentheses") }
            return Expr(.not(try parseNot()), location)
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Expr {
        let location = token.location
        let first = try parseBitOr()
        var rest: [(CompareOperator, Expr)] = []
        while true {
            let op: CompareOperator
            if case .op(let text) = kind, let c = ComparisonOperator(rawValue: text) {
                op = .compare(c)
                advance()
            } else if isKeyword("in") {
                op = .isIn
                advance()
            } else if isKeyword("not"), case .keyword("in") = peekKind() {
                op = .notIn
                advance(); advance()
            } else if isKeyword("is") {
                advance()
                op = acceptKeyword("not") ? .isNotSame : .isSame
            } else if isOp("<>") {
                throw error("invalid syntax")
            } else {
                break
            }
            rest.append((op, try parseBitOr()))
        }
        return rest.isEmpty ? first : Expr(.compare(first, rest), location)
    }

    private mutating func parseBinaryLevel(_ ops: [String: BinaryOperator], next: (inout Parser) throws -> Expr) throws -> Expr {
        let location = token.location
        var left = try next(&self)
        var chain = 0
        while case .op(let text) = kind, let op = ops[text] {
            advance()
            chain += 1
            if chain > 5000 { throw error("expression too long") }
            let right = try next(&self)
            left = Expr(.binary(op, left, right), location)
        }
        return left
    }

    mutating func parseBitOr() throws -> Expr {
        try parseBinaryLevel(["|": .bitOr]) { try $0.parseBitXor() }
    }

    mutating func parseBitXor() throws -> Expr {
        try parseBinaryLevel(["^": .bitXor]) { try $0.parseBitAnd() }
    }

    mutating func parseBitAnd() throws -> Expr {
        try parseBinaryLevel(["&": .bitAnd]) { try $0.parseShift() }
    }

    mutating func parseShift() throws -> Expr {
        try parseBinaryLevel(["<<": .leftShift, ">>": .rightShift]) { try $0.parseArithmetic() }
    }

    mutating func parseArithmetic() throws -> Expr {
        try parseBinaryLevel(["+": .add, "-": .subtract]) { try $0.parseTerm() }
    }

    mutating func parseTerm() throws -> Expr {
        try parseBinaryLevel(["*": .multiply, "/": .trueDivide, "//": .floorDivide, "%": .modulo, "@": .matrixMultiply]) {
            try $0.parseFactor()
        }
    }

    mutating func parseFactor() throws -> Expr {
        let location = token.location
        let op: UnaryOperator?
        switch kind {
        case .op("-"): op = .negate
        case .op("+"): op = .plus
        case .op("~"): op = .invert
        default: op = nil
        }
        guard let unary = op else { return try parsePower() }
        advance()
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth { throw error("too many nested parentheses") }
        let operand = try parseFactor()
        // Fold `-5` into a constant so that `-9223372036854775808`-style literals and reprs stay simple.
        if unary == .negate, case .constant(.int(let i)) = operand.kind, i != Int.min {
            return Expr(.constant(.int(-i)), location)
        }
        if unary == .negate, case .constant(.float(let d)) = operand.kind {
            return Expr(.constant(.float(-d)), location)
        }
        return Expr(.unary(unary, operand), location)
    }

    mutating func parsePower() throws -> Expr {
        let location = token.location
        let base = try parsePrimary()
        if accept("**") {
            let exponent = try parseFactor()
            return Expr(.binary(.power, base, exponent), location)
        }
        return base
    }

    /// An atom followed by calls, attributes and subscripts.
    mutating func parsePrimary() throws -> Expr {
        var expr = try parseAtom()
        while true {
            let location = token.location
            if accept("(") {
                expr = Expr(.call(expr, try parseCallArguments()), location)
                try expect(")", "'(' was never closed")
            } else if accept("[") {
                expr = Expr(.subscript(expr, try parseSubscriptList()), location)
                try expect("]", "'[' was never closed")
            } else if accept(".") {
                guard case .name(let name) = kind else { throw error("invalid syntax") }
                advance()
                expr = Expr(.attribute(expr, name), location)
            } else {
                return expr
            }
        }
    }

    mutating func parseCallArguments() throws -> [CallArgument] {
        var arguments: [CallArgument] = []
        var sawKeyword = false
        while !isOp(")") {
            let location = token.location
            if accept("**") {
                arguments.append(CallArgument(kind: .doubleStar, value: try parseTest()))
                sawKeyword = true
            } else if accept("*") {
                arguments.append(CallArgument(kind: .star, value: try parseTest()))
            } else if case .name(let name) = kind, case .op("=") = peekKind() {
                advance(); advance()
                arguments.append(CallArgument(kind: .keyword(name), value: try parseTest()))
                sawKeyword = true
            } else {
                let value = try parseTest()
                if isOp("=") {
                    throw error("expression cannot contain assignment, perhaps you meant \"==\"?", at: value.location)
                }
                if isKeyword("for") {
                    let generator = try parseComprehension(.generator, element: value, value: nil, at: value.location)
                    if !arguments.isEmpty || isOp(",") && peekKind() != .op(")") {
                        throw error("Generator expression must be parenthesized", at: value.location)
                    }
                    arguments.append(CallArgument(kind: .positional, value: generator))
                } else {
                    if sawKeyword {
                        throw error("positional argument follows keyword argument", at: location)
                    }
                    arguments.append(CallArgument(kind: .positional, value: value))
                }
            }
            if !accept(",") { break }
        }
        return arguments
    }

    /// The inside of `[…]`: one index, a slice, or a tuple of them (`a[:, 0]`).
    mutating func parseSubscriptList() throws -> Expr {
        let location = token.location
        var items = [try parseSubscriptItem()]
        var tuple = false
        while accept(",") {
            tuple = true
            if isOp("]") { break }
            items.append(try parseSubscriptItem())
        }
        return tuple ? Expr(.tuple(items), location) : items[0]
    }

    private mutating func parseSubscriptItem() throws -> Expr {
        let location = token.location
        var start: Expr?
        if !isOp(":") {
            if isOp("*") {
                advance()
                return Expr(.starred(try parseBitOr()), location)
            }
            start = try parseTest()
            if !isOp(":") { return start ?? Expr(.constant(.none), location) }
        }
        advance()
        var stop: Expr?
        var step: Expr?
        if !isOp(":") && !isOp("]") && !isOp(",") { stop = try parseTest() }
        if accept(":") {
            if !isOp("]") && !isOp(",") { step = try parseTest() }
        }
        return Expr(.slice(start, stop, step), location)
    }

    mutating func parseComprehension(_ kind: ComprehensionKind, element: Expr, value: Expr?,
                                     at location: SourceLocation) throws -> Expr {
        var clauses: [ComprehensionClause] = []
        while acceptKeyword("for") {
            let target = try parseTargetList()
            guard acceptKeyword("in") else { throw error("invalid syntax") }
            let iterable = try parseOr()
            var conditions: [Expr] = []
            while acceptKeyword("if") {
                conditions.append(try parseOrOrLambda())
            }
            clauses.append(ComprehensionClause(target: target, iterable: iterable, conditions: conditions))
        }
        if isKeyword("async") { throw error("'async' is not supported in Factorize") }
        return Expr(.comprehension(kind, element: element, value: value, clauses: clauses), location)
    }

    private mutating func parseOrOrLambda() throws -> Expr {
        isKeyword("lambda") ? try parseLambda() : try parseOr()
    }

    mutating func parseAtom() throws -> Expr {
        let location = token.location
        switch kind {
        case .name(let name):
            advance()
            return Expr(.name(name), location)
        case .int(let i):
            advance()
            return Expr(.constant(.int(i)), location)
        case .float(let d):
            advance()
            return Expr(.constant(.float(d)), location)
        case .string, .formatString:
            return try parseStrings()
        case .keyword("None"):
            advance()
            return Expr(.constant(.none), location)
        case .keyword("True"):
            advance()
            return Expr(.constant(.bool(true)), location)
        case .keyword("False"):
            advance()
            return Expr(.constant(.bool(false)), location)
        case .keyword(let word) where ["yield", "await", "async", "class", "nonlocal"].contains(word):
            throw error("'\(word)' is not supported in Factorize")
        case .op("("):
            advance()
            depth += 1
            defer { depth -= 1 }
            if accept(")") { return Expr(.tuple([]), location) }
            let first = try parseListItemOrStar()
            if isKeyword("for") {
                let generator = try parseComprehension(.generator, element: first, value: nil, at: location)
                try expect(")", "'(' was never closed")
                return generator
            }
            if accept(")") {
                if case .starred = first.kind { throw error("cannot use starred expression here", at: first.location) }
                return first
            }
            var items = [first]
            while accept(",") {
                if isOp(")") { break }
                items.append(try parseListItemOrStar())
            }
            try expect(")", "'(' was never closed")
            return Expr(.tuple(items), location)
        case .op("["):
            advance()
            depth += 1
            defer { depth -= 1 }
            if accept("]") { return Expr(.list([]), location) }
            let first = try parseListItemOrStar()
            if isKeyword("for") {
                let comprehension = try parseComprehension(.list, element: first, value: nil, at: location)
                try expect("]", "'[' was never closed")
                return comprehension
            }
            var items = [first]
            while accept(",") {
                if isOp("]") { break }
                items.append(try parseListItemOrStar())
            }
            try expect("]", "'[' was never closed")
            return Expr(.list(items), location)
        case .op("{"):
            advance()
            depth += 1
            defer { depth -= 1 }
            return try parseBraces(at: location)
        case .op("..."):
            throw error("Ellipsis ('...') is not supported in Factorize")
        default:
            throw unexpected()
        }
    }

    private mutating func parseListItemOrStar() throws -> Expr {
        if isOp("*") {
            let location = token.location
            advance()
            return Expr(.starred(try parseBitOr()), location)
        }
        return try parseNamedTest()
    }

    /// `{}` dict, `{k: v, …}`, `{**d}`, `{a, b}` set, and their comprehensions.
    private mutating func parseBraces(at location: SourceLocation) throws -> Expr {
        if accept("}") { return Expr(.dict([]), location) }
        if isOp("**") || !isOp("*") {
            var entries: [(key: Expr?, value: Expr)] = []
            if accept("**") {
                entries.append((nil, try parseBitOr()))
            } else {
                let first = try parseTest()
                if accept(":") {
                    let value = try parseTest()
                    if isKeyword("for") {
                        let comprehension = try parseComprehension(.dict, element: first, value: value, at: location)
                        try expect("}", "'{' was never closed")
                        return comprehension
                    }
                    entries.append((first, value))
                } else {
                    return try parseSetRest(first: first, at: location)
                }
            }
            while accept(",") {
                if isOp("}") { break }
                if accept("**") {
                    entries.append((nil, try parseBitOr()))
                } else {
                    let key = try parseTest()
                    try expect(":", "':' expected after dictionary key")
                    entries.append((key, try parseTest()))
                }
            }
            try expect("}", "'{' was never closed")
            return Expr(.dict(entries), location)
        }
        return try parseSetRest(first: try parseListItemOrStar(), at: location)
    }

    private mutating func parseSetRest(first: Expr, at location: SourceLocation) throws -> Expr {
        if isKeyword("for") {
            let comprehension = try parseComprehension(.set, element: first, value: nil, at: location)
            try expect("}", "'{' was never closed")
            return comprehension
        }
        var items = [first]
        while accept(",") {
            if isOp("}") { break }
            items.append(try parseListItemOrStar())
        }
        try expect("}", "'{' was never closed")
        return Expr(.set(items), location)
    }

    /// Adjacent string literals, concatenated; any f-string makes the whole a format string.
    private mutating func parseStrings() throws -> Expr {
        let location = token.location
        var parts: [FormatPart] = []
        var isFormat = false
        while true {
            switch kind {
            case .string(let s):
                parts.append(.literal(s))
            case .formatString(let body, let raw, let bodyStart):
                isFormat = true
                parts.append(contentsOf: try parseFormatBody(Array(body), raw: raw, start: bodyStart))
            default:
                if !isFormat {
                    let text = parts.map { part -> String in
                        if case .literal(let s) = part { return s }
                        return ""
                    }.joined()
                    return Expr(.constant(.str(text)), location)
                }
                return Expr(.formatString(parts), location)
            }
            advance()
        }
    }
}

extension TokenKind {
    var isAugmentedAssign: Bool {
        if case .op(let text) = self, text.count >= 2, text.hasSuffix("="), !["==", "<=", ">=", "!="].contains(text) {
            return true
        }
        return false
    }
}
