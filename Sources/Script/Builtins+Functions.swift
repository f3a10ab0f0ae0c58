#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's built-in functions (the language's own, not numerics): `print len range enumerate
/// zip min max sum abs round sorted reversed any all isinstance type help input repr …`.
extension Interpreter {
    func defineBuiltin(_ name: String, doc: String, _ body: @escaping (Arguments, Interpreter) throws -> Value) {
        builtins[name] = .object(BuiltinFunction(name, doc: doc, body))
    }

    func installBuiltins() {
        installTypes()
        for kind in ExceptionKind.allCases {
            builtins[kind.rawValue] = .object(ExceptionTypeObject(kind))
        }
        for (alias, kind) in [("BaseException", ExceptionKind.exception), ("LookupError", .exception),
                              ("ArithmeticError", .exception), ("RecursionError", .runtimeError)] {
            builtins[alias] = .object(ExceptionTypeObject(kind, name: alias))
        }

        defineBuiltin("print", doc: "print(*values, sep=' ', end='\\n', file=None, flush=False)\n\nPrints the values to the cell's stdout, separated by sep and followed by end.\n\nExample: print('rmse', 0.86, sep='=')") { args, interp in
            var sep = " ", end = "\n"
            var stream = StreamName.stdout
            for (name, value) in args.keywords {
                switch (name, value) {
                case ("sep", .str(let s)): sep = s
                case ("sep", .none): break
                case ("end", .str(let s)): end = s
                case ("end", .none): break
                case ("sep", _), ("end", _):
                    throw ScriptError(.typeError, "\(name) must be None or a string, not \(value.typeName)")
                case ("file", .object(let o)): if o.repr().contains("stderr") { stream = .stderr }
                case ("file", _), ("flush", _): break
                default: throw ScriptError(.typeError, "'\(name)' is an invalid keyword argument for print()")
                }
            }
            interp.sink.write(args.positional.map(Value.strOf).joined(separator: sep) + end, to: stream)
            return .none
        }
        defineBuiltin("len", doc: "len(obj)\n\nThe number of items of a container.\n\nExample: len([1, 2, 3])  # 3") { args, interp in
            let v = try args.single("len")
            if let n = try interp.length(of: v) { return .int(n) }
            throw ScriptError(.typeError, "object of type '\(v.typeName)' has no len()")
        }
        defineBuiltin("range", doc: "range(stop) / range(start, stop[, step])\n\nA lazy sequence of integers.\n\nExample: list(range(0, 10, 3))  # [0, 3, 6, 9]") { args, _ in
            guard args.keywords.isEmpty else { throw ScriptError(.typeError, "range() takes no keyword arguments") }
            let ints = try args.positional.map { v -> Int in
                guard let i = v.asIndex else {
                    throw ScriptError(.typeError, "'\(v.typeName)' object cannot be interpreted as an integer")
                }
                return i
            }
            switch ints.count {
            case 1: return .object(try RangeObject(start: 0, stop: ints[0], step: 1))
            case 2: return .object(try RangeObject(start: ints[0], stop: ints[1], step: 1))
            case 3: return .object(try RangeObject(start: ints[0], stop: ints[1], step: ints[2]))
            case 0: throw ScriptError(.typeError, "range expected at least 1 argument, got 0")
            default: throw ScriptError(.typeError, "range expected at most 3 arguments, got \(ints.count)")
            }
        }
        defineBuiltin("enumerate", doc: "enumerate(iterable, start=0)\n\nPairs (index, item).\n\nExample: list(enumerate('ab'))  # [(0, 'a'), (1, 'b')]") { args, interp in
            let b = try args.bind("enumerate", ["iterable", "start"], required: 1)
            let start = b.optional("start")?.asIndex ?? 0
            let items = try interp.iterate(b["iterable"] ?? .none)
            return .object(IteratorObject(typeName: "enumerate", items: items.enumerated().map { .tuple([.int(start + $0.offset), $0.element]) }))
        }
        defineBuiltin("zip", doc: "zip(*iterables)\n\nTuples of the items at the same position, stopping at the shortest.\n\nExample: list(zip([1, 2], 'ab'))  # [(1, 'a'), (2, 'b')]") { args, interp in
            let lists = try args.positional.map { try interp.iterate($0) }
            let n = lists.map(\.count).min() ?? 0
            return .object(IteratorObject(typeName: "zip", items: (0..<n).map { i in .tuple(lists.map { $0[i] }) }))
        }
        defineBuiltin("map", doc: "map(function, *iterables)\n\nApplies function to the items.\n\nExample: list(map(str, [1, 2]))  # ['1', '2']") { args, interp in
            guard args.positional.count >= 2 else { throw ScriptError(.typeError, "map() must have at least two arguments.") }
            let lists = try args.positional.dropFirst().map { try interp.iterate($0) }
            let n = lists.map(\.count).min() ?? 0
            let f = args.positional[0]
            return .object(IteratorObject(typeName: "map", items: try (0..<n).map { i in try interp.call(f, Arguments(lists.map { $0[i] })) }))
        }
        defineBuiltin("filter", doc: "filter(function, iterable)\n\nThe items for which function is true (None: the true items).\n\nExample: list(filter(None, [0, 1, 2]))  # [1, 2]") { args, interp in
            let b = try args.bind("filter", ["function", "iterable"], required: 2)
            let f = b["function"] ?? .none
            let items = try interp.iterate(b["iterable"] ?? .none).filter { item in
                if case .none = f { return try interp.isTruthy(item) }
                return try interp.isTruthy(try interp.call(f, Arguments([item])))
            }
            return .object(IteratorObject(typeName: "filter", items: items))
        }
        defineBuiltin("iter", doc: "iter(iterable)\n\nAn iterator over the items.") { args, interp in
            let v = try args.single("iter")
            if case .object(let o) = v, o is IteratorObject { return v }
            return .object(IteratorObject(typeName: "\(v.typeName)_iterator", items: try interp.iterate(v)))
        }
        defineBuiltin("next", doc: "next(iterator[, default])\n\nThe iterator's next item; raises StopIteration at the end unless a default is given.") { args, _ in
            guard let first = args.positional.first, case .object(let o) = first, let iterator = o as? IteratorObject else {
                throw ScriptError(.typeError, "'\(args.positional.first?.typeName ?? "NoneType")' object is not an iterator")
            }
            if let v = iterator.next() { return v }
            if args.positional.count > 1 { return args.positional[1] }
            throw ScriptError(.stopIteration, "")
        }
        defineBuiltin("min", doc: "min(iterable, *[, default=obj, key=func]) / min(arg1, arg2, *args[, key=func])\n\nThe smallest item.\n\nExample: min([3, 1, 2])  # 1") { args, interp in
            try interp.extreme("min", args, wantLarger: false)
        }
        defineBuiltin("max", doc: "max(iterable, *[, default=obj, key=func]) / max(arg1, arg2, *args[, key=func])\n\nThe largest item.\n\nExample: max('abc', key=ord)  # 'c'") { args, interp in
            try interp.extreme("max", args, wantLarger: true)
        }
        defineBuiltin("sum", doc: "sum(iterable, /, start=0)\n\nThe start value plus the items, added left to right.\n\nExample: sum(x * x for x in range(4))  # 14") { args, interp in
            let b = try args.bind("sum", ["iterable", "start"], required: 1)
            var total = b["start"] ?? .int(0)
            if case .str = total { throw ScriptError(.typeError, "sum() can't sum strings [use ''.join(seq) instead]") }
            for item in try interp.iterate(b["iterable"] ?? .none) {
                try interp.checkInterrupt()
                total = try interp.binaryOperation(.add, total, item)
            }
            return total
        }
        defineBuiltin("abs", doc: "abs(x)\n\nThe absolute value.\n\nExample: abs(-2.5)  # 2.5") { args, _ in
            let v = try args.single("abs")
            switch v {
            case .int(let i):
                if i == Int.min { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
                return .int(abs(i))
            case .float(let d): return .float(abs(d))
            case .bool(let b): return .int(b ? 1 : 0)
            case .object(let o):
                if let r = try o.attribute("__abs__", interpreter: self) { return try self.call(r, Arguments()) }
            default: break
            }
            throw ScriptError(.typeError, "bad operand type for abs(): '\(v.typeName)'")
        }
        defineBuiltin("round", doc: "round(number, ndigits=None)\n\nRounds half to even (Python 3); an int without ndigits.\n\nExample: round(2.675, 2)  # 2.67") { args, interp in
            let b = try args.bind("round", ["number", "ndigits"], required: 1)
            return try interp.round(b["number"] ?? .none, b.optional("ndigits"))
        }
        defineBuiltin("sorted", doc: "sorted(iterable, /, *, key=None, reverse=False)\n\nA new sorted list (stable).\n\nExample: sorted(['b', 'a'], reverse=True)  # ['b', 'a']") { args, interp in
            let b = try args.bind("sorted", ["iterable", "key", "reverse"], required: 1)
            let items = try interp.iterate(b["iterable"] ?? .none)
            return .list(ListObject(try interp.sortValues(items, key: b.optional("key"), reverse: try interp.isTruthy(b["reverse"] ?? .bool(false)))))
        }
        defineBuiltin("reversed", doc: "reversed(sequence)\n\nThe items in reverse order.\n\nExample: list(reversed([1, 2, 3]))  # [3, 2, 1]") { args, interp in
            let v = try args.single("reversed")
            if case .dict = v { throw ScriptError(.typeError, "'dict' object is not reversible") }
            if case .set = v { throw ScriptError(.typeError, "'set' object is not reversible") }
            return .object(IteratorObject(typeName: "reversed", items: try interp.iterate(v).reversed()))
        }
        defineBuiltin("any", doc: "any(iterable)\n\nTrue when some item is true.") { args, interp in
            for item in try interp.iterate(try args.single("any")) where try interp.isTruthy(item) { return .bool(true) }
            return .bool(false)
        }
        defineBuiltin("all", doc: "all(iterable)\n\nTrue when every item is true (and for an empty iterable).") { args, interp in
            for item in try interp.iterate(try args.single("all")) where !(try interp.isTruthy(item)) { return .bool(false) }
            return .bool(true)
        }
        defineBuiltin("isinstance", doc: "isinstance(obj, class_or_tuple)\n\nWhether obj is an instance of the class (or of one of the classes).\n\nExample: isinstance(3, (int, float))  # True") { args, interp in
            let b = try args.bind("isinstance", ["obj", "class_or_tuple"], required: 2)
            return .bool(try interp.isInstance(b["obj"] ?? .none, b["class_or_tuple"] ?? .none))
        }
        defineBuiltin("help", doc: "help(obj)\n\nPrints the documentation of a function, module or value.") { args, interp in
            let text = args.positional.first.map { interp.helpText(for: $0) } ?? "Type help(obj) or obj? for the documentation of obj."
            interp.sink.write(text + "\n", to: .stdout)
            return .none
        }
        defineBuiltin("input", doc: "input(prompt='')\n\nReads a line from the user.") { args, interp in
            let b = try args.bind("input", ["prompt"])
            return .str(try interp.sink.readLine(prompt: b.optional("prompt").map(Value.strOf) ?? "", password: false))
        }
        defineBuiltin("repr", doc: "repr(obj)\n\nThe printed form of obj.") { args, _ in .str(Value.reprOf(try args.single("repr"))) }
        defineBuiltin("ascii", doc: "ascii(obj)\n\nrepr(obj) with non-ASCII characters escaped.") { args, _ in .str(Value.asciiRepr(try args.single("ascii"))) }
        defineBuiltin("format", doc: "format(value, format_spec='')\n\nFormats with the format-spec mini-language.\n\nExample: format(0.8651, '.2f')  # '0.87'") { args, _ in
            let b = try args.bind("format", ["value", "format_spec"], required: 1)
            guard case .str(let spec) = b["format_spec"] ?? .str("") else {
                throw ScriptError(.typeError, "format() argument 2 must be str, not \(b["format_spec"]?.typeName ?? "NoneType")")
            }
            return .str(try formatValue(b["value"] ?? .none, spec: spec))
        }
        defineBuiltin("hasattr", doc: "hasattr(obj, name)\n\nWhether obj has the attribute.") { args, interp in
            let b = try args.bind("hasattr", ["obj", "name"], required: 2)
            guard case .str(let name)? = b["name"] else { throw ScriptError(.typeError, "hasattr(): attribute name must be string") }
            return .bool(try interp.hasAttribute(b["obj"] ?? .none, name))
        }
        defineBuiltin("getattr", doc: "getattr(obj, name[, default])\n\nThe attribute of obj named name.") { args, interp in
            guard args.positional.count >= 2, case .str(let name) = args.positional[1] else {
                throw ScriptError(.typeError, "getattr expected at least 2 arguments, with a string name")
            }
            do {
                return try interp.attribute(of: args.positional[0], name)
            } catch let e as ScriptError where e.kind == .attributeError && args.positional.count > 2 {
                return args.positional[2]
            }
        }
        defineBuiltin("setattr", doc: "setattr(obj, name, value)\n\nSets an attribute.") { args, interp in
            guard args.positional.count == 3, case .str(let name) = args.positional[1], case .object(let o) = args.positional[0] else {
                throw ScriptError(.typeError, "setattr expected 3 arguments: an object, a string name and a value")
            }
            if !(try o.setAttribute(name, to: args.positional[2], interpreter: interp)) {
                throw ScriptError(.attributeError, "'\(o.typeName)' object attribute '\(name)' is read-only")
            }
            return .none
        }
        defineBuiltin("dir", doc: "dir([obj])\n\nThe attribute names of obj, or the names in scope.") { args, interp in
            guard let v = args.positional.first else {
                return .list(ListObject(interp.globals.keys.sorted().map { .str($0) }))
            }
            return .list(ListObject(interp.attributeNames(of: v).sorted().map { .str($0) }))
        }
        defineBuiltin("callable", doc: "callable(obj)\n\nWhether obj can be called.") { args, _ in
            let v = try args.single("callable")
            guard case .object(let o) = v else { return .bool(false) }
            let hasCall = try o.attribute("__call__", interpreter: self) != nil
            return .bool(o is BuiltinFunction || o is FunctionObject || o is TypeObject || o is ExceptionTypeObject || hasCall)
        }
        defineBuiltin("id", doc: "id(obj)\n\nAn integer unique to obj while it lives.") { args, _ in
            switch try args.single("id") {
            case .list(let o): return .int(ObjectIdentifier(o).hashValue)
            case .dict(let o): return .int(ObjectIdentifier(o).hashValue)
            case .set(let o): return .int(ObjectIdentifier(o).hashValue)
            case .object(let o): return .int(ObjectIdentifier(o).hashValue)
            case let v: return .int(HashKey(v)?.hashValue ?? 0)
            }
        }
        defineBuiltin("hash", doc: "hash(obj)\n\nThe hash of a hashable value.") { args, _ in
            let v = try args.single("hash")
            guard let key = HashKey(v) else { throw ScriptError.unhashable(v) }
            if case .int(let i) = key { return .int(i) }
            return .int(key.hashValue)
        }
        defineBuiltin("divmod", doc: "divmod(a, b)\n\n(a // b, a % b).\n\nExample: divmod(-7, 2)  # (-4, 1)") { args, interp in
            let b = try args.bind("divmod", ["a", "b"], required: 2)
            let x = b["a"] ?? .none, y = b["b"] ?? .none
            return .tuple([try interp.binaryOperation(.floorDivide, x, y), try interp.binaryOperation(.modulo, x, y)])
        }
        defineBuiltin("pow", doc: "pow(base, exp, mod=None)\n\nbase ** exp, or (base ** exp) % mod for ints.") { args, interp in
            let b = try args.bind("pow", ["base", "exp", "mod"], required: 2)
            let base = b["base"] ?? .none, exponent = b["exp"] ?? .none
            if let m = b.optional("mod") {
                guard let x = base.asIndex, let e = exponent.asIndex, let n = m.asIndex, e >= 0, n != 0 else {
                    throw ScriptError(.typeError, "pow() 3rd argument not allowed unless all arguments are integers")
                }
                var result = 1 % n, factor = ((x % n) + n) % n, k = e
                while k > 0 {
                    if k & 1 == 1 { result = Int((Int64(result).multipliedFullWidth(by: Int64(factor))).low % UInt64(abs(n))) }
                    factor = Int((Int64(factor).multipliedFullWidth(by: Int64(factor))).low % UInt64(abs(n)))
                    k >>= 1
                }
                return .int(result)
            }
            return try interp.binaryOperation(.power, base, exponent)
        }
        defineBuiltin("chr", doc: "chr(i)\n\nThe character with code point i.\n\nExample: chr(97)  # 'a'") { args, _ in
            let v = try args.single("chr")
            guard let i = v.asIndex else { throw ScriptError(.typeError, "'\(v.typeName)' object cannot be interpreted as an integer") }
            guard i >= 0, i < 0x110000, let scalar = Unicode.Scalar(UInt32(i)) else {
                throw ScriptError(.valueError, "chr() arg not in range(0x110000)")
            }
            return .str(String(Character(scalar)))
        }
        defineBuiltin("ord", doc: "ord(c)\n\nThe code point of a one-character string.\n\nExample: ord('a')  # 97") { args, _ in
            let v = try args.single("ord")
            guard case .str(let s) = v else { throw ScriptError(.typeError, "ord() expected string of length 1, but \(v.typeName) found") }
            guard s.unicodeScalars.count == 1, let scalar = s.unicodeScalars.first else {
                throw ScriptError(.typeError, "ord() expected a character, but string of length \(s.count) found")
            }
            return .int(Int(scalar.value))
        }
        for (name, radix, prefix) in [("hex", 16, "0x"), ("oct", 8, "0o"), ("bin", 2, "0b")] {
            defineBuiltin(name, doc: "\(name)(number)\n\nThe integer in base \(radix), prefixed \(prefix).") { args, _ in
                let v = try args.single(name)
                guard let i = v.asIndex else { throw ScriptError(.typeError, "'\(v.typeName)' object cannot be interpreted as an integer") }
                return .str((i < 0 ? "-" : "") + prefix + String(i.magnitude, radix: radix))
            }
        }
        defineBuiltin("globals", doc: "globals()\n\nThe session's global variables as a dict (a copy).") { _, interp in
            let d = DictObject()
            for key in interp.globals.keys.sorted() { try d.set(.str(key), interp.globals[key] ?? .none) }
            return .dict(d)
        }
    }

    /// `len(value)`, or `nil` when the value has no length.
    public func length(of value: Value) throws -> Int? {
        switch value {
        case .str(let s): return s.unicodeScalars.count
        case .list(let l): return l.items.count
        case .tuple(let t): return t.count
        case .dict(let d): return d.count
        case .set(let s): return s.count
        case .object(let o): return try o.length()
        default: return nil
        }
    }

    private func extreme(_ name: String, _ args: Arguments, wantLarger: Bool) throws -> Value {
        var key: Value?
        var defaultValue: Value?
        for (k, v) in args.keywords {
            switch k {
            case "key": if case .none = v {} else { key = v }
            case "default": defaultValue = v
            default: throw ScriptError(.typeError, "'\(k)' is an invalid keyword argument for \(name)()")
            }
        }
        let items: [Value]
        if args.positional.count == 1 {
            items = try iterate(args.positional[0])
        } else if args.positional.isEmpty {
            throw ScriptError(.typeError, "\(name) expected at least 1 argument, got 0")
        } else {
            if defaultValue != nil {
                throw ScriptError(.typeError, "Cannot specify a default for \(name)() with multiple positional arguments")
            }
            items = args.positional
        }
        guard var best = items.first else {
            if let d = defaultValue { return d }
            throw ScriptError(.valueError, "\(name)() arg is an empty sequence")
        }
        var bestKey = try key.map { try call($0, Arguments([best])) } ?? best
        for item in items.dropFirst() {
            let itemKey = try key.map { try call($0, Arguments([item])) } ?? item
            let better = try isTruthy(try richCompare(wantLarger ? .greater : .less, itemKey, bestKey))
            if better {
                best = item
                bestKey = itemKey
            }
        }
        return best
    }

    /// A stable merge sort with a throwing comparison (Python's `sorted`/`list.sort`).
    func sortValues(_ items: [Value], key: Value?, reverse: Bool) throws -> [Value] {
        let keys = try key.map { k in try items.map { try call(k, Arguments([$0])) } } ?? items
        var order = Array(items.indices)
        var buffer = order
        func less(_ a: Int, _ b: Int) throws -> Bool {
            let r = reverse ? try richCompare(.less, keys[b], keys[a]) : try richCompare(.less, keys[a], keys[b])
            return try isTruthy(r)
        }
        var width = 1
        while width < order.count {
            var start = 0
            while start < order.count {
                let mid = min(start + width, order.count), end = min(start + 2 * width, order.count)
                var i = start, j = mid, k = start
                while i < mid && j < end {
                    if try less(order[j], order[i]) { buffer[k] = order[j]; j += 1 } else { buffer[k] = order[i]; i += 1 }
                    k += 1
                }
                while i < mid { buffer[k] = order[i]; i += 1; k += 1 }
                while j < end { buffer[k] = order[j]; j += 1; k += 1 }
                start += 2 * width
            }
            swap(&order, &buffer)
            width *= 2
        }
        return order.map { items[$0] }
    }

    private func round(_ number: Value, _ digits: Value?) throws -> Value {
        switch number {
        case .bool(let b):
            return try round(.int(b ? 1 : 0), digits)
        case .int(let value):
            guard let d = digits else { return .int(value) }
            guard let n = d.asIndex else { throw ScriptError(.typeError, "'\(d.typeName)' object cannot be interpreted as an integer") }
            if n >= 0 { return .int(value) }
            if n < -18 { return .int(0) }
            var p = 1
            for _ in 0..<(-n) { p *= 10 }
            let q = value / p, r = value % p
            var rounded = q
            if abs(r) * 2 > p || (abs(r) * 2 == p && q % 2 != 0) { rounded += value < 0 ? -1 : 1 }
            return try integerOr(rounded, times: p)
        case .float(let x):
            guard let d = digits else {
                if x.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
                if x.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
                let r = x.rounded(.toNearestOrEven)
                guard let i = Int(exactly: r) else { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
                return .int(i)
            }
            guard let n = d.asIndex else { throw ScriptError(.typeError, "'\(d.typeName)' object cannot be interpreted as an integer") }
            if !x.isFinite { return .float(x) }
            if n > 300 { return .float(x) }
            if n >= 0 { return .float(Double(cFormat("%.\(n)f", x)) ?? x) }
            let p = pow(10.0, Double(-n))
            return .float((x / p).rounded(.toNearestOrEven) * p)
        case .object(let o):
            if let r = try o.attribute("round", interpreter: self) {
                return try call(r, Arguments(digits.map { [$0] } ?? []))
            }
        default: break
        }
        throw ScriptError(.typeError, "type \(number.typeName) doesn't define __round__ method")
    }

    private func integerOr(_ a: Int, times b: Int) throws -> Value {
        let r = a.multipliedReportingOverflow(by: b)
        if r.overflow { throw ScriptError(.overflowError, "integer result too large for a 64-bit int") }
        return .int(r.partialValue)
    }

    /// `isinstance(value, classes)`.
    func isInstance(_ value: Value, _ classes: Value) throws -> Bool {
        if case .tuple(let items) = classes {
            for item in items where try isInstance(value, item) { return true }
            return false
        }
        guard case .object(let o) = classes else {
            throw ScriptError(.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
        }
        if let type = o as? TypeObject {
            if type.name == "object" { return true }
            if type.name == "int", case .bool = value { return true }
            return value.typeName == type.name
        }
        if let type = o as? ExceptionTypeObject {
            guard case .object(let e) = value, let exception = e as? ExceptionObject else { return false }
            return type.catches(exception.kind)
        }
        if let name = try o.attribute("__name__", interpreter: self), case .str(let n) = name {
            return value.typeName == n
        }
        throw ScriptError(.typeError, "isinstance() arg 2 must be a type, a tuple of types, or a union")
    }

    /// What `help(x)` and `x?` print.
    func helpText(for value: Value) -> String {
        switch value {
        case .object(let o):
            if let doc = o.documentation { return doc }
            if let module = o as? ModuleObject {
                return "Help on module \(module.name):\n\nMembers: " + module.memberNames.joined(separator: ", ")
            }
            return "Help on \(o.typeName) object:\n\n\(o.repr())"
        default:
            let methods = methodNames(forType: value.typeName).sorted()
            return "Help on \(value.typeName) object:\n\n\(Value.reprOf(value))" +
                (methods.isEmpty ? "" : "\n\nMethods: " + methods.joined(separator: ", "))
        }
    }

    /// Attribute names of a value for `dir()` and completion.
    func attributeNames(of value: Value) -> [String] {
        if case .object(let o) = value { return o.attributeNames }
        return methodNames(forType: value.typeName)
    }
}

extension Arguments {
    /// The one positional argument of a built-in such as `len(obj)`.
    /// - Throws: `TypeError` "len() takes exactly one argument (2 given)".
    func single(_ function: String) throws -> Value {
        guard keywords.isEmpty else { throw ScriptError(.typeError, "\(function)() takes no keyword arguments") }
        guard positional.count == 1 else {
            throw ScriptError(.typeError, "\(function)() takes exactly one argument (\(positional.count) given)")
        }
        return positional[0]
    }
}
