/// Printed forms and type names of values, as Python prints them.
extension Value {
    /// Python's `type(x).__name__`.
    public var typeName: String {
        switch self {
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .str: return "str"
        case .list: return "list"
        case .tuple: return "tuple"
        case .dict: return "dict"
        case .set: return "set"
        case .object(let o): return o.typeName
        }
    }

    /// Python's `repr(x)`.
    public static func reprOf(_ value: Value) -> String {
        switch value {
        case .none: return "None"
        case .bool(let b): return b ? "True" : "False"
        case .int(let i): return String(i)
        case .float(let d): return formatFloat(d)
        case .str(let s): return quote(s)
        case .list(let l): return "[" + l.items.map(reprOf).joined(separator: ", ") + "]"
        case .tuple(let t): return t.count == 1 ? "(\(reprOf(t[0])),)" : "(" + t.map(reprOf).joined(separator: ", ") + ")"
        case .dict(let d): return "{" + d.items.map { "\(reprOf($0.0)): \(reprOf($0.1))" }.joined(separator: ", ") + "}"
        case .set(let s): return s.count == 0 ? "set()" : "{" + s.members.map(reprOf).joined(separator: ", ") + "}"
        case .object(let o): return o.repr()
        }
    }

    /// Python's `str(x)`.
    public static func strOf(_ value: Value) -> String {
        switch value {
        case .str(let s): return s
        case .object(let o): return o.str()
        default: return reprOf(value)
        }
    }

    /// Python's `repr(float)`: shortest round-trip digits, `1e-05` and `1e+16` exponents, `inf`, `nan`.
    public static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == d.rounded(), abs(d) < 1e16 { return String(Int(d)) + ".0" }
        var s = "\(d)"
        // Swift writes "1e-05" as "1e-05" and "1.5e+20" as "1.5e+20"; align the exponent form.
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let mantissa = s[..<e]
            var exponent = s[s.index(after: e)...]
            var sign = "+"
            if exponent.first == "-" || exponent.first == "+" {
                sign = exponent.first == "-" ? "-" : "+"
                exponent = exponent.dropFirst()
            }
            let digits = exponent.count < 2 ? "0" + exponent : String(exponent)
            s = "\(mantissa)e\(sign)\(digits)"
        }
        return s
    }

    /// Python's `repr(str)`: single quotes unless the text holds one and no double quote.
    public static func quote(_ s: String) -> String {
        let useDouble = s.contains("'") && !s.contains("\"")
        let q: Character = useDouble ? "\"" : "'"
        var out = String(q)
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case q: out += "\\\(q)"
            default: out.append(ch)
            }
        }
        out.append(q)
        return out
    }
}
