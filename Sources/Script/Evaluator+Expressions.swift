/// Expression evaluation.
extension Interpreter {
    func lookup(_ name: String, _ scope: Scope?) throws -> Value {
        var current = scope
        if let s = scope, s.globalNames.contains(name) { current = nil }
        while let s = current {
            if let value = s.variables[name] { return value }
            current = s.enclosing
        }
        if let value = globals[name] { return value }
        if let value = builtins[name] { return value }
        throw ScriptError(.nameError, "name '\(name)' is not defined")
    }

    func evaluate(_ expr: Expr, _ scope: Scope?) throws -> Value {
        switch expr.kind {
        case .constant(let value):
            return value
        case .name(let name):
            do {
                return try lookup(name, scope)
            } catch {
                throw failed(error, at: expr)
            }
        case .binary(let op, let leftExpr, let rightExpr):
            if !stackHasRoom() { throw ScriptError(.runtimeError, "maximum recursion depth exceeded") }
            let left = try evaluate(leftExpr, scope)
            let right = try evaluate(rightExpr, scope)
            do {
                return try binaryOperation(op, left, right)
            } catch {
                throw failed(error, at: expr)
            }
        case .call(let calleeExpr, let argumentExprs):
            if !stackHasRoom() { throw ScriptError(.runtimeError, "maximum recursion depth exceeded") }
            if case .attribute(let receiverExpr, let name) = calleeExpr.kind {
                let receiver = try evaluate(receiverExpr, scope)
                if case .object(let object) = receiver {
                    let method: Value
                    do {
                        guard let found = try object.attribute(name, interpreter: self) else {
                            throw attributeError(receiver, name)
                        }
                        method = found
                    } catch {
                        throw failed(error, at: expr)
                    }
                    let arguments = try evaluateArguments(argumentExprs, scope)
                    do { return try call(method, arguments) } catch { throw failed(error, at: expr) }
                }
                let arguments = try evaluateArguments(argumentExprs, scope)
                do { return try callMethod(receiver, name, arguments) } catch { throw failed(error, at: expr) }
            }
            let callee = try evaluate(calleeExpr, scope)
            let arguments = try evaluateArguments(argumentExprs, scope)
            do { return try call(callee, arguments) } catch { throw failed(error, at: expr) }
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, scope)
            do { return try attribute(of: object, name) } catch { throw failed(error, at: expr) }
        case .subscript(let containerExpr, let indexExpr):
            let container = try evaluate(containerExpr, scope)
            let index = try evaluate(indexExpr, scope)
            do { return try subscriptValue(container, index) } catch { throw failed(error, at: expr) }
        case .compare(let firstExpr, let rest):
            var left = try evaluate(firstExpr, scope)
            var result: Value = .bool(true)
            for (index, (op, rightExpr)) in rest.enumerated() {
                let right = try evaluate(rightExpr, scope)
                result = try compareValues(op, left, right)
                if index < rest.count - 1 {
                    if !(try isTruthy(result)) { return result }
                }
                left = right
            }
            return result
        case .and(let items):
            var value: Value = .bool(true)
            for item in items {
                value = try evaluate(item, scope)
                if !(try isTruthy(value)) { return value }
            }
            return value
        case .or(let items):
            var value: Value = .bool(false)
            for item in items {
                value = try evaluate(item, scope)
                if try isTruthy(value) { return value }
            }
            return value
        case .not(let operand):
            return .bool(!(try isTruthy(try evaluate(operand, scope))))
        case .unary(let op, let operand):
            return try unaryOperation(op, try evaluate(operand, scope))
        case .conditional(let test, let body, let orElse):
            return try isTruthy(try evaluate(test, scope)) ? try evaluate(body, scope) : try evaluate(orElse, scope)
        case .tuple(let items):
            return .tuple(try evaluateItems(items, scope))
        case .list(let items):
            return .list(ListObject(try evaluateItems(items, scope)))
        case .set(let items):
            let set = SetObject()
            for item in try evaluateItems(items, scope) { try set.insert(item) }
            return .set(set)
        case .dict(let entries):
            let dict = DictObject()
            for (keyExpr, valueExpr) in entries {
                if let keyExpr = keyExpr {
                    let key = try evaluate(keyExpr, scope)
                    try dict.set(key, try evaluate(valueExpr, scope))
                } else {
                    let mapping = try evaluate(valueExpr, scope)
                    guard case .dict(let other) = mapping else {
                        throw ScriptError(.typeError, "'\(mapping.typeName)' object is not a mapping")
                    }
                    for (k, v) in other.items { try dict.set(k, v) }
                }
            }
            return .dict(dict)
        case .formatString(let parts):
            return .str(try renderFormat(parts, scope))
        case .starred:
            throw ScriptError(.syntaxError, "can't use starred expression here", location: expr.location)
        case .lambda(let definition):
            return .object(try makeFunction(definition, scope))
        case .slice(let startExpr, let stopExpr, let stepExpr):
            let start = try startExpr.map { try evaluate($0, scope) } ?? .none
            let stop = try stopExpr.map { try evaluate($0, scope) } ?? .none
            let step = try stepExpr.map { try evaluate($0, scope) } ?? .none
            return .object(SliceObject(start: start, stop: stop, step: step))
        case .comprehension(let kind, let element, let valueExpr, let clauses):
            return try comprehension(kind, element, valueExpr, clauses, scope)
        }
    }

    /// Points the current frame at the expression that failed (Python 3.11 reports the line of
    /// the failing expression, not of the statement it is part of) and passes the error on.
    private func failed(_ error: Error, at expr: Expr) -> Error {
        frame.line = expr.location.line
        return error
    }

    /// Items of a display, expanding `*iterable`.
    private func evaluateItems(_ items: [Expr], _ scope: Scope?) throws -> [Value] {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items {
            if case .starred(let inner) = item.kind {
                values.append(contentsOf: try iterate(try evaluate(inner, scope)))
            } else {
                values.append(try evaluate(item, scope))
            }
        }
        return values
    }

    func evaluateArguments(_ expressions: [CallArgument], _ scope: Scope?) throws -> Arguments {
        var arguments = Arguments()
        for argument in expressions {
            switch argument.kind {
            case .positional:
                arguments.positional.append(try evaluate(argument.value, scope))
            case .keyword(let name):
                if arguments.keywords.contains(where: { $0.name == name }) {
                    throw ScriptError(.syntaxError, "keyword argument repeated: \(name)", location: argument.value.location)
                }
                arguments.keywords.append((name, try evaluate(argument.value, scope)))
            case .star:
                let value = try evaluate(argument.value, scope)
                guard let items = try iterateIfPossible(value) else {
                    throw ScriptError(.typeError, "argument after * must be an iterable, not \(value.typeName)")
                }
                arguments.positional.append(contentsOf: items)
            case .doubleStar:
                let value = try evaluate(argument.value, scope)
                guard case .dict(let dict) = value else {
                    throw ScriptError(.typeError, "argument after ** must be a mapping, not \(value.typeName)")
                }
                for (key, item) in dict.items {
                    guard case .str(let name) = key else { throw ScriptError(.typeError, "keywords must be strings") }
                    arguments.keywords.append((name, item))
                }
            }
        }
        return arguments
    }

    private func comprehension(_ kind: ComprehensionKind, _ element: Expr, _ valueExpr: Expr?,
                               _ clauses: [ComprehensionClause], _ scope: Scope?) throws -> Value {
        let inner = Scope(enclosing: scope)
        var results: [Value] = []
        let dict = kind == .dict ? DictObject() : nil
        let set = kind == .set ? SetObject() : nil
        // The first iterable is evaluated in the enclosing scope, as in Python.
        func run(_ index: Int) throws {
            if index == clauses.count {
                let value = try evaluate(element, inner)
                if let dict = dict, let valueExpr = valueExpr {
                    try dict.set(value, try evaluate(valueExpr, inner))
                } else if let set = set {
                    try set.insert(value)
                } else {
                    results.append(value)
                }
                return
            }
            let clause = clauses[index]
            let iterable = try evaluate(clause.iterable, index == 0 ? scope : inner)
            func body(_ item: Value) throws {
                try checkInterrupt()
                try assignComprehensionTarget(item, clause.target, inner)
                for condition in clause.conditions where !(try isTruthy(try evaluate(condition, inner))) { return }
                try run(index + 1)
            }
            if case .object(let o) = iterable, let range = o as? RangeObject {
                for i in 0..<range.count { try body(.int(range.element(i))) }
            } else {
                for item in try iterate(iterable) { try body(item) }
            }
        }
        try run(0)
        switch kind {
        case .list: return .list(ListObject(results))
        case .generator: return .object(IteratorObject(typeName: "generator", items: results))
        case .set: return .set(set ?? SetObject())
        case .dict: return .dict(dict ?? DictObject())
        }
    }

    private func assignComprehensionTarget(_ value: Value, _ target: Expr, _ scope: Scope) throws {
        if case .name(let name) = target.kind {
            scope.variables[name] = value
        } else {
            try assign(value, to: target, scope)
        }
    }

    /// Renders an f-string's parts.
    private func renderFormat(_ parts: [FormatPart], _ scope: Scope?) throws -> String {
        var out = ""
        for part in parts {
            switch part {
            case .literal(let text):
                out += text
            case .field(let expr, let conversion, let specParts, let selfDocumenting):
                var value = try evaluate(expr, scope)
                if let prefix = selfDocumenting { out += prefix }
                switch conversion {
                case "r"?: value = .str(Value.reprOf(value))
                case "s"?: value = .str(Value.strOf(value))
                case "a"?: value = .str(Value.asciiRepr(value))
                default: break
                }
                let spec = specParts.isEmpty ? "" : try renderFormat(specParts, scope)
                out += try formatValue(value, spec: spec)
            }
        }
        return out
    }
}
