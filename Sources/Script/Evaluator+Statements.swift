#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Statement execution: assignment, control flow, imports, functions, exceptions.
extension Interpreter {
    func execute(_ statements: [Stmt], _ scope: Scope?) throws -> Flow {
        for statement in statements {
            let flow = try execute(statement, scope)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    func execute(_ statement: Stmt, _ scope: Scope?) throws -> Flow {
        frame.line = statement.location.line
        try checkInterrupt()
        switch statement.kind {
        case .expression(let expr):
            _ = try evaluate(expr, scope)
        case .assign(let targets, let valueExpr):
            let value = try evaluate(valueExpr, scope)
            for target in targets { try assign(value, to: target, scope) }
        case .augmentedAssign(let target, let op, let valueExpr):
            try augmentedAssign(target, op, valueExpr, scope)
        case .importModules(let modules):
            for (name, alias) in modules {
                let module = try importModule(name)
                if let alias = alias {
                    store(module, as: alias, scope)
                } else if let dot = name.firstIndex(of: ".") {
                    let top = String(name[..<dot])
                    store(try importModule(top), as: top, scope)
                } else {
                    store(module, as: name, scope)
                }
            }
        case .importFrom(let moduleName, let names):
            let module = try importModule(moduleName)
            for (name, alias) in names {
                var value: Value?
                if case .object(let object) = module { value = try object.attribute(name, interpreter: self) }
                if value == nil { value = try importer(moduleName + "." + name) }
                guard let found = value else {
                    throw ScriptError(.importError, "cannot import name '\(name)' from '\(moduleName)' (unknown location)")
                }
                store(found, as: alias ?? name, scope)
            }
        case .importAll(let moduleName):
            let module = try importModule(moduleName)
            if case .object(let object) = module {
                for name in object.attributeNames where !name.hasPrefix("_") {
                    if let value = try object.attribute(name, interpreter: self) { store(value, as: name, scope) }
                }
            }
        case .ifStatement(let branches, let orElse):
            for branch in branches where try isTruthy(try evaluate(branch.test, scope)) {
                return try execute(branch.body, scope)
            }
            return try execute(orElse, scope)
        case .forLoop(let target, let iterableExpr, let body, let orElse):
            return try runFor(target, try evaluate(iterableExpr, scope), body, orElse, scope)
        case .whileLoop(let test, let body, let orElse):
            while try isTruthy(try evaluate(test, scope)) {
                switch try execute(body, scope) {
                case .normal, .continueLoop: continue
                case .breakLoop: return .normal
                case .returned(let v): return .returned(v)
                }
            }
            return try execute(orElse, scope)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        case .pass, .global:
            break
        case .with(let items, let body):
            return try runWith(items[...], body, scope)
        case .functionDefinition(let definition):
            store(.object(try makeFunction(definition, scope)), as: definition.name, scope)
        case .returnValue(let expr):
            if scope == nil { throw ScriptError(.syntaxError, "'return' outside function", location: statement.location) }
            return .returned(try expr.map { try evaluate($0, scope) } ?? .none)
        case .delete(let targets):
            for target in targets { try delete(target, scope) }
        case .assert(let test, let message):
            if !(try isTruthy(try evaluate(test, scope))) {
                let text = try message.map { Value.strOf(try evaluate($0, scope)) } ?? ""
                throw ScriptError(.assertionError, text)
            }
        case .raise(let expr, let cause):
            guard let expr = expr else {
                guard let current = handledErrors.last else {
                    throw ScriptError(.runtimeError, "No active exception to reraise")
                }
                throw current
            }
            _ = try cause.map { try evaluate($0, scope) }
            throw try exceptionToRaise(try evaluate(expr, scope))
        case .tryStatement(let body, let handlers, let orElse, let finally):
            return try runTry(body, handlers, orElse, finally, scope)
        case .magic(let name, let arguments):
            _ = try magicHandler(name, arguments, self)
        case .help(let name):
            var value = try lookup(String(name.prefix { $0 != "." }), scope)
            for part in name.split(separator: ".").dropFirst() {
                value = try attribute(of: value, String(part))
            }
            sink.write(helpText(for: value) + "\n", to: .stdout)
        }
        return .normal
    }

    func importModule(_ name: String) throws -> Value {
        guard let module = try importer(name) else {
            throw ScriptError(.moduleNotFoundError, "No module named '\(name)'")
        }
        return module
    }

    func makeFunction(_ definition: FunctionDefinition, _ scope: Scope?) throws -> FunctionObject {
        let defaults = try definition.parameters.map { p in try p.defaultValue.map { try evaluate($0, scope) } }
        return FunctionObject(definition: definition, defaults: defaults, closure: scope,
                              sourceName: frame.source, sourceLines: frame.lines)
    }

    private func runFor(_ target: Expr, _ iterable: Value, _ body: [Stmt], _ orElse: [Stmt], _ scope: Scope?) throws -> Flow {
        func step(_ value: Value) throws -> Flow? {
            try checkInterrupt()
            try assign(value, to: target, scope)
            switch try execute(body, scope) {
            case .normal, .continueLoop: return nil
            case .breakLoop: return .normal
            case .returned(let v): return .returned(v)
            }
        }
        switch iterable {
        case .object(let object) where object is RangeObject:
            if let range = object as? RangeObject {
                let n = range.count
                var i = 0
                while i < n {
                    if let flow = try step(.int(range.element(i))) { return flow }
                    i += 1
                }
            }
        case .list(let list):
            var i = 0
            while i < list.items.count {
                if let flow = try step(list.items[i]) { return flow }
                i += 1
            }
        case .object(let object) where object is IteratorObject:
            if let iterator = object as? IteratorObject {
                while let value = iterator.next() {
                    if let flow = try step(value) { return flow }
                }
            }
        default:
            for value in try iterate(iterable) {
                if let flow = try step(value) { return flow }
            }
        }
        return try execute(orElse, scope)
    }

    /// `with a as x, b as y:` — calls `__enter__`/`__exit__` when the object has them.
    private func runWith(_ items: ArraySlice<(context: Expr, target: Expr?)>, _ body: [Stmt], _ scope: Scope?) throws -> Flow {
        guard let first = items.first else { return try execute(body, scope) }
        let context = try evaluate(first.context, scope)
        var entered = context
        var exit: Value?
        if case .object(let object) = context {
            if let enter = try object.attribute("__enter__", interpreter: self) { entered = try call(enter, Arguments()) }
            exit = try object.attribute("__exit__", interpreter: self)
        }
        if let target = first.target { try assign(entered, to: target, scope) }
        let flow: Flow
        do {
            flow = try runWith(items.dropFirst(), body, scope)
        } catch {
            if let exit = exit { _ = try? call(exit, Arguments([.none, .none, .none])) }
            throw error
        }
        if let exit = exit { _ = try call(exit, Arguments([.none, .none, .none])) }
        return flow
    }

    private func runTry(_ body: [Stmt], _ handlers: [ExceptHandler], _ orElse: [Stmt], _ finally: [Stmt],
                        _ scope: Scope?) throws -> Flow {
        var flow: Flow = .normal
        var pending: Error?
        do {
            flow = try execute(body, scope)
            if case .normal = flow { flow = try execute(orElse, scope) }
        } catch {
            let scriptError = error as? ScriptError ?? ScriptError(.runtimeError, "\(error)")
            var handled = false
            for handler in handlers where try handlerMatches(handler, scriptError, scope) {
                handled = true
                if let name = handler.name { store(.object(ExceptionObject(scriptError)), as: name, scope) }
                handledErrors.append(scriptError)
                do {
                    flow = try execute(handler.body, scope)
                    handledErrors.removeLast()
                } catch {
                    handledErrors.removeLast()
                    pending = error
                }
                break
            }
            if !handled { pending = scriptError }
        }
        if !finally.isEmpty {
            let finalFlow = try execute(finally, scope)
            if case .normal = finalFlow {} else { return finalFlow }
        }
        if let error = pending { throw error }
        return flow
    }

    private func handlerMatches(_ handler: ExceptHandler, _ error: ScriptError, _ scope: Scope?) throws -> Bool {
        guard let typesExpr = handler.types else { return true }
        let types = try evaluate(typesExpr, scope)
        let candidates: [Value]
        if case .tuple(let items) = types { candidates = items } else { candidates = [types] }
        for candidate in candidates {
            guard case .object(let object) = candidate, let type = object as? ExceptionTypeObject else {
                throw ScriptError(.typeError, "catching classes that do not inherit from BaseException is not allowed")
            }
            if type.catches(error.kind) { return true }
        }
        return false
    }

    /// The error a `raise value` statement throws.
    func exceptionToRaise(_ value: Value) throws -> ScriptError {
        if case .object(let object) = value {
            if let exception = object as? ExceptionObject { return exception.asError }
            if let type = object as? ExceptionTypeObject { return ScriptError(type.kind, "") }
        }
        throw ScriptError(.typeError, "exceptions must derive from BaseException")
    }

    // MARK: - Assignment

    func store(_ value: Value, as name: String, _ scope: Scope?) {
        if let scope = scope, !scope.globalNames.contains(name) {
            scope.variables[name] = value
        } else {
            globals[name] = value
        }
    }

    func assign(_ value: Value, to target: Expr, _ scope: Scope?) throws {
        switch target.kind {
        case .name(let name):
            store(value, as: name, scope)
        case .tuple(let targets), .list(let targets):
            try unpack(value, into: targets, scope)
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, scope)
            guard case .object(let o) = object else {
                if try hasAttribute(object, name) {
                    throw ScriptError(.attributeError, "'\(object.typeName)' object attribute '\(name)' is read-only")
                }
                throw ScriptError(.attributeError, "'\(object.typeName)' object has no attribute '\(name)'")
            }
            if !(try o.setAttribute(name, to: value, interpreter: self)) {
                throw ScriptError(.attributeError, "'\(o.typeName)' object attribute '\(name)' is read-only")
            }
        case .subscript(let containerExpr, let indexExpr):
            let container = try evaluate(containerExpr, scope)
            let index = try evaluate(indexExpr, scope)
            try setItem(container, index, value)
        case .starred:
            throw ScriptError(.syntaxError, "starred assignment target must be in a list or tuple", location: target.location)
        default:
            throw ScriptError(.syntaxError, "cannot assign to expression", location: target.location)
        }
    }

    private func unpack(_ value: Value, into targets: [Expr], _ scope: Scope?) throws {
        let values: [Value]
        switch value {
        case .tuple(let items): values = items
        case .list(let list): values = list.items
        default:
            guard let items = try iterateIfPossible(value) else {
                throw ScriptError(.typeError, "cannot unpack non-iterable \(value.typeName) object")
            }
            values = items
        }
        if let star = targets.firstIndex(where: { if case .starred = $0.kind { return true }; return false }) {
            let after = targets.count - star - 1
            guard values.count >= targets.count - 1 else {
                throw ScriptError(.valueError, "not enough values to unpack (expected at least \(targets.count - 1), got \(values.count))")
            }
            for i in 0..<star { try assign(values[i], to: targets[i], scope) }
            if case .starred(let inner) = targets[star].kind {
                try assign(.list(ListObject(Array(values[star..<(values.count - after)]))), to: inner, scope)
            }
            for i in 0..<after { try assign(values[values.count - after + i], to: targets[star + 1 + i], scope) }
            return
        }
        if values.count > targets.count {
            throw ScriptError(.valueError, "too many values to unpack (expected \(targets.count))")
        }
        if values.count < targets.count {
            throw ScriptError(.valueError, "not enough values to unpack (expected \(targets.count), got \(values.count))")
        }
        for (target, item) in zip(targets, values) { try assign(item, to: target, scope) }
    }

    private func augmentedAssign(_ target: Expr, _ op: BinaryOperator, _ valueExpr: Expr, _ scope: Scope?) throws {
        switch target.kind {
        case .name(let name):
            let current = try lookup(name, scope)
            let operand = try evaluate(valueExpr, scope)
            store(try inPlace(op, current, operand), as: name, scope)
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, scope)
            let current = try attribute(of: object, name)
            let result = try inPlace(op, current, try evaluate(valueExpr, scope))
            guard case .object(let o) = object, try o.setAttribute(name, to: result, interpreter: self) else {
                throw ScriptError(.attributeError, "'\(object.typeName)' object attribute '\(name)' is read-only")
            }
        case .subscript(let containerExpr, let indexExpr):
            let container = try evaluate(containerExpr, scope)
            let index = try evaluate(indexExpr, scope)
            let current = try subscriptValue(container, index)
            try setItem(container, index, try inPlace(op, current, try evaluate(valueExpr, scope)))
        default:
            throw ScriptError(.syntaxError, "'\(target.kind)' is an illegal expression for augmented assignment", location: target.location)
        }
    }

    /// `a op= b`: lists and sets are updated in place as in Python; everything else rebinds.
    private func inPlace(_ op: BinaryOperator, _ current: Value, _ operand: Value) throws -> Value {
        if case .list(let list) = current {
            if op == .add {
                if case .list(let other) = operand, other === list { list.items += other.items; return current }
                list.items.append(contentsOf: try iterate(operand))
                return current
            }
            if op == .multiply, let n = operand.asIndex {
                let items = list.items
                list.items = n <= 0 ? [] : Array(repeating: items, count: n).flatMap { $0 }
                return current
            }
        }
        if case .set(let set) = current, case .set(let other) = operand, op == .bitOr {
            for member in other.members { try set.insert(member) }
            return current
        }
        if case .dict(let dict) = current, op == .bitOr, case .dict(let other) = operand {
            for (k, v) in other.items { try dict.set(k, v) }
            return current
        }
        return try binaryOperation(op, current, operand)
    }

    private func delete(_ target: Expr, _ scope: Scope?) throws {
        switch target.kind {
        case .name(let name):
            if let scope = scope, !scope.globalNames.contains(name), scope.variables[name] != nil {
                scope.variables[name] = nil
            } else if globals.removeValue(forKey: name) == nil {
                throw ScriptError(.nameError, "name '\(name)' is not defined")
            }
        case .tuple(let items), .list(let items):
            for item in items { try delete(item, scope) }
        case .subscript(let containerExpr, let indexExpr):
            try deleteItem(try evaluate(containerExpr, scope), try evaluate(indexExpr, scope))
        case .attribute(let objectExpr, let name):
            let object = try evaluate(objectExpr, scope)
            throw ScriptError(.attributeError, "'\(object.typeName)' object attribute '\(name)' cannot be deleted")
        default:
            throw ScriptError(.syntaxError, "cannot delete expression", location: target.location)
        }
    }

    // MARK: - Calls of script functions

    /// Calls a script-defined function: binds the arguments as CPython does, runs the body in a
    /// new scope, and adds the function's frame to an escaping error's traceback.
    func invoke(_ function: FunctionObject, _ arguments: Arguments) throws -> Value {
        let definition = function.definition
        let scope = Scope(enclosing: function.closure, globalNames: definition.globals)
        try bindParameters(function, arguments, into: scope)
        if callDepth >= recursionLimit || !stackHasRoom() {
            throw ScriptError(.runtimeError, "maximum recursion depth exceeded")
        }
        let outer = frame
        let newFrame = ExecutionFrame(source: function.sourceName, lines: function.sourceLines, function: definition.signature)
        newFrame.line = definition.location.line
        frame = newFrame
        callDepth += 1
        defer {
            callDepth -= 1
            frame = outer
        }
        do {
            if case .returned(let value) = try execute(definition.body, scope) { return value }
            return .none
        } catch var error as ScriptError {
            error.frames.insert(newFrame.traceFrame, at: 0)
            throw error
        }
    }

    /// Whether the thread's stack has room for another level of evaluation.
    func stackHasRoom() -> Bool {
        stackPointer() > stackFloor
    }
}

/// An address near the top of the current thread's stack.
@inline(never)
func stackPointer() -> UInt {
    var marker: UInt8 = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
}

/// The address below which evaluation and parsing stop with an error instead of overflowing
/// the stack: the thread's stack base plus a safety margin (0 when unknown, disabling the check).
func currentStackFloor() -> UInt {
    do {
        #if canImport(Glibc)
        // pthread_getattr_np is a GNU extension the Glibc module does not import; look it up.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return 0 }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let low = base else { return 0 }
        let margin = min(UInt(size) / 4, 256 * 1024)
        return UInt(bitPattern: low) + margin
        #else
        return 0
        #endif
    }
}

extension Interpreter {

    private func bindParameters(_ function: FunctionObject, _ arguments: Arguments, into scope: Scope) throws {
        let definition = function.definition
        let name = definition.name
        let parameters = definition.parameters
        var positionalNames: [String] = []
        var varArgs: String?
        var varKeywords: String?
        for p in parameters {
            switch p.kind {
            case .normal: positionalNames.append(p.name)
            case .varArgs: varArgs = p.name.isEmpty ? nil : p.name
            case .varKeywords: varKeywords = p.name
            case .keywordOnly: break
            }
        }
        let given = arguments.positional
        if given.count > positionalNames.count && varArgs == nil {
            let required = parameters.filter { $0.kind == .normal && $0.defaultValue == nil }.count
            let takes = required == positionalNames.count ? "\(required)" : "from \(required) to \(positionalNames.count)"
            let plural = positionalNames.count == 1 && required == positionalNames.count ? "argument" : "arguments"
            throw ScriptError(.typeError, "\(name)() takes \(takes) positional \(plural) but \(given.count) \(given.count == 1 ? "was" : "were") given")
        }
        for (i, value) in given.prefix(positionalNames.count).enumerated() { scope.variables[positionalNames[i]] = value }
        if let rest = varArgs { scope.variables[rest] = .tuple(Array(given.dropFirst(positionalNames.count))) }
        let extra = DictObject()
        for (key, value) in arguments.keywords {
            if let p = parameters.first(where: { $0.name == key && ($0.kind == .normal || $0.kind == .keywordOnly) }) {
                if scope.variables[p.name] != nil {
                    throw ScriptError(.typeError, "\(name)() got multiple values for argument '\(key)'")
                }
                scope.variables[p.name] = value
            } else if varKeywords != nil {
                try extra.set(.str(key), value)
            } else {
                throw ScriptError(.typeError, "\(name)() got an unexpected keyword argument '\(key)'")
            }
        }
        if let kw = varKeywords { scope.variables[kw] = .dict(extra) }
        var missingPositional: [String] = []
        var missingKeyword: [String] = []
        for (i, p) in parameters.enumerated() where p.kind == .normal || p.kind == .keywordOnly {
            if scope.variables[p.name] == nil {
                if let d = function.defaults[i] {
                    scope.variables[p.name] = d
                } else if p.kind == .normal {
                    missingPositional.append(p.name)
                } else {
                    missingKeyword.append(p.name)
                }
            }
        }
        for (missing, what) in [(missingPositional, "positional"), (missingKeyword, "keyword-only")] where !missing.isEmpty {
            let quoted = missing.map { "'\($0)'" }
            let list: String
            switch quoted.count {
            case 1: list = quoted[0]
            case 2: list = "\(quoted[0]) and \(quoted[1])"
            default: list = quoted.dropLast().joined(separator: ", ") + ", and " + (quoted.last ?? "")
            }
            throw ScriptError(.typeError, "\(name)() missing \(missing.count) required \(what) argument\(missing.count == 1 ? "" : "s"): \(list)")
        }
    }
}
