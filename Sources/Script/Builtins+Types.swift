/// The built-in type objects `int float str bool list tuple dict set type object`, callable as
/// constructors with Python's conversions and messages.
extension Interpreter {
    func installTypes() {
        func define(_ name: String, _ doc: String, _ constructor: @escaping (Arguments, Interpreter) throws -> Value) {
            builtins[name] = .object(TypeObject(name, doc: doc, constructor: constructor))
        }
        define("int", "int(x=0) / int(x, base=10)\n\nAn integer from a number (truncating) or a string.\n\nExample: int('25_000')  # 25000") { args, _ in
            let b = try args.bind("int", ["x", "base"])
            guard let x = b["x"] else { return .int(0) }
            if let baseValue = b["base"] {
                guard case .str(let s) = x, let base = baseValue.asIndex else {
                    throw ScriptError(.typeError, "int() can't convert non-string with explicit base")
                }
                return .int(try parseInteger(s, base: base))
            }
            return try toInteger(x)
        }
        define("float", "float(x=0.0)\n\nA float from a number or a string ('1e-3', 'nan', 'inf').\n\nExample: float('0.5')  # 0.5") { args, _ in
            let b = try args.bind("float", ["x"])
            guard let x = b["x"] else { return .float(0) }
            return try toFloat(x)
        }
        define("str", "str(object='')\n\nThe printed form of object.\n\nExample: str(3.0)  # '3.0'") { args, _ in
            let b = try args.bind("str", ["object"])
            return .str(b["object"].map(Value.strOf) ?? "")
        }
        define("bool", "bool(x=False)\n\nThe truth value of x.") { args, interp in
            let b = try args.bind("bool", ["x"])
            return .bool(try b["x"].map { try interp.isTruthy($0) } ?? false)
        }
        define("list", "list(iterable=())\n\nA new list of the items.\n\nExample: list(range(3))  # [0, 1, 2]") { args, interp in
            let b = try args.bind("list", ["iterable"])
            return .list(ListObject(try b["iterable"].map { try interp.iterate($0) } ?? []))
        }
        define("tuple", "tuple(iterable=())\n\nA new tuple of the items.") { args, interp in
            let b = try args.bind("tuple", ["iterable"])
            return .tuple(try b["iterable"].map { try interp.iterate($0) } ?? [])
        }
        define("set", "set(iterable=())\n\nA new set of the distinct items.") { args, interp in
            let b = try args.bind("set", ["iterable"])
            let set = SetObject()
            for item in try b["iterable"].map({ try interp.iterate($0) }) ?? [] { try set.insert(item) }
            return .set(set)
        }
        define("frozenset", "frozenset(iterable=())\n\nA set (Factorize's frozenset is a plain set).") { args, interp in
            let set = SetObject()
            for item in try args.positional.first.map({ try interp.iterate($0) }) ?? [] { try set.insert(item) }
            return .set(set)
        }
        define("dict", "dict(mapping_or_pairs=(), **kwargs)\n\nA new dict.\n\nExample: dict(a=1, b=2)  # {'a': 1, 'b': 2}") { args, interp in
            let dict = DictObject()
            if args.positional.count > 1 {
                throw ScriptError(.typeError, "dict expected at most 1 argument, got \(args.positional.count)")
            }
            if let source = args.positional.first {
                try interp.update(dict, from: source)
            }
            for (k, v) in args.keywords { try dict.set(.str(k), v) }
            return .dict(dict)
        }
        define("type", "type(obj)\n\nThe type of obj.\n\nExample: type(1.5)  # <class 'float'>") { args, interp in
            let v = try args.single("type")
            if case .object(let o) = v, let e = o as? ExceptionObject {
                return interp.builtins[e.kind.rawValue] ?? .object(ExceptionTypeObject(e.kind))
            }
            if let builtin = interp.builtins[v.typeName], case .object(let o) = builtin, o is TypeObject { return builtin }
            let name = v.typeName
            return .object(TypeObject(name) { _, _ in throw ScriptError(.typeError, "cannot create '\(name)' instances") })
        }
        define("object", "object()\n\nThe base of every type.") { _, _ in .none }
        define("slice", "slice(stop) / slice(start, stop[, step])\n\nA slice object, as `a[start:stop:step]` builds.") { args, _ in
            let p = args.positional
            switch p.count {
            case 1: return .object(SliceObject(start: .none, stop: p[0], step: .none))
            case 2: return .object(SliceObject(start: p[0], stop: p[1], step: .none))
            case 3: return .object(SliceObject(start: p[0], stop: p[1], step: p[2]))
            default: throw ScriptError(.typeError, "slice expected at least 1 argument, got \(p.count)")
            }
        }
    }

    /// Fills `dict` from a mapping or an iterable of pairs (`dict(x)`, `d.update(x)`).
    func update(_ dict: DictObject, from source: Value) throws {
        if case .dict(let other) = source {
            for (k, v) in other.items { try dict.set(k, v) }
            return
        }
        for (index, pair) in try iterate(source).enumerated() {
            let items = try iterateIfPossible(pair)
            guard let kv = items else {
                throw ScriptError(.typeError, "cannot convert dictionary update sequence element #\(index) to a sequence")
            }
            guard kv.count == 2 else {
                throw ScriptError(.valueError, "dictionary update sequence element #\(index) has length \(kv.count); 2 is required")
            }
            try dict.set(kv[0], kv[1])
        }
    }
}

/// Python's `int(x)` for numbers and strings.
/// - Throws: `ValueError` "invalid literal for int() with base 10: 'x'", `OverflowError` for inf.
func toInteger(_ x: Value) throws -> Value {
    switch x {
    case .int: return x
    case .bool(let b): return .int(b ? 1 : 0)
    case .float(let d):
        if d.isNaN { throw ScriptError(.valueError, "cannot convert float NaN to integer") }
        if d.isInfinite { throw ScriptError(.overflowError, "cannot convert float infinity to integer") }
        guard let i = Int(exactly: d.rounded(.towardZero)) else {
            throw ScriptError(.overflowError, "int too large to convert: \(Value.formatFloat(d)) does not fit in 64 bits")
        }
        return .int(i)
    case .str(let s):
        return .int(try parseInteger(s, base: 10))
    case .object(let o):
        // A numeric scalar object converts through its unary plus when that yields a number.
        if let v = try o.unary(.plus), v.isNumber { return try toInteger(v) }
        throw ScriptError(.typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(o.typeName)'")
    default:
        throw ScriptError(.typeError, "int() argument must be a string, a bytes-like object or a real number, not '\(x.typeName)'")
    }
}

func parseInteger(_ text: String, base: Int) throws -> Int {
    func invalid() -> ScriptError {
        ScriptError(.valueError, "invalid literal for int() with base \(base): \(Value.quote(text))")
    }
    guard base == 0 || (2...36).contains(base) else { throw ScriptError(.valueError, "int() base must be >= 2 and <= 36, or 0") }
    var s = text.trimmingCharacters(" \t\n\r\u{0B}\u{0C}")
    var negative = false
    if s.hasPrefix("-") || s.hasPrefix("+") {
        negative = s.hasPrefix("-")
        s.removeFirst()
    }
    var radix = base
    let lower = s.lowercased()
    for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == r || base == 0) {
        radix = r
        s.removeFirst(2)
        if s.hasPrefix("_") { s.removeFirst() }
    }
    if radix == 0 { radix = 10 }
    guard !s.isEmpty, !s.hasPrefix("_"), !s.hasSuffix("_"), !s.contains("__") else { throw invalid() }
    let digits = s.replacingAll("_", with: "")
    guard let magnitude = UInt64(digits, radix: radix) else {
        if digits.allSatisfy({ $0.isHexDigit }) && Int(String(digits.prefix(1)), radix: radix) != nil,
           digits.allSatisfy({ Int(String($0), radix: radix) != nil }) {
            throw ScriptError(.overflowError, "int too large: \(text) does not fit in 64 bits")
        }
        throw invalid()
    }
    if negative {
        if magnitude == UInt64(Int.max) + 1 { return Int.min }
        guard magnitude <= UInt64(Int.max) else { throw ScriptError(.overflowError, "int too large: \(text) does not fit in 64 bits") }
        return -Int(magnitude)
    }
    guard magnitude <= UInt64(Int.max) else { throw ScriptError(.overflowError, "int too large: \(text) does not fit in 64 bits") }
    return Int(magnitude)
}

/// Python's `float(x)`.
/// - Throws: `ValueError` "could not convert string to float: 'x'".
func toFloat(_ x: Value) throws -> Value {
    switch x {
    case .float: return x
    case .int(let i): return .float(Double(i))
    case .bool(let b): return .float(b ? 1 : 0)
    case .str(let s):
        let t = s.trimmingCharacters(" \t\n\r\u{0B}\u{0C}")
        let lower = t.lowercased()
        let unsigned = lower.hasPrefix("-") || lower.hasPrefix("+") ? String(lower.dropFirst()) : lower
        let sign: Double = lower.hasPrefix("-") ? -1 : 1
        if unsigned == "nan" { return .float(.nan) }
        if unsigned == "inf" || unsigned == "infinity" { return .float(sign * .infinity) }
        let cleaned = t.replacingAll("_", with: "")
        if !t.contains("__"), !t.hasPrefix("_"), !t.hasSuffix("_"),
           cleaned.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let d = Double(cleaned) {
            return .float(d)
        }
        throw ScriptError(.valueError, "could not convert string to float: \(Value.quote(s))")
    case .object(let o):
        if let v = try o.unary(.plus), v.isNumber { return try toFloat(v) }
        throw ScriptError(.typeError, "float() argument must be a string or a real number, not '\(o.typeName)'")
    default:
        throw ScriptError(.typeError, "float() argument must be a string or a real number, not '\(x.typeName)'")
    }
}
