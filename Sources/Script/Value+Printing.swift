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

    /// Python's `repr(x)`. Self-containing lists and dicts print `[...]`/`{...}` as in Python;
    /// nesting deeper than 300 levels is elided the same way rather than overflowing the stack.
    public static func reprOf(_ value: Value) -> String {
        var active = Set<ObjectIdentifier>()
        var out = ""
        appendRepr(value, to: &out, active: &active, depth: 0)
        return out
    }

    private static func appendRepr(_ value: Value, to out: inout String, active: inout Set<ObjectIdentifier>, depth: Int) {
        func items(_ values: [Value], _ open: String, _ close: String) {
            out += open
            for (i, v) in values.enumerated() {
                if i > 0 { out += ", " }
                appendRepr(v, to: &out, active: &active, depth: depth + 1)
            }
            out += close
        }
        if depth > 300 {
            out += "..."
            return
        }
        switch value {
        case .none: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .float(let d): out += formatFloat(d)
        case .str(let s): out += quote(s)
        case .list(let l):
            let id = ObjectIdentifier(l)
            if active.contains(id) { out += "[...]"; return }
            active.insert(id)
            items(l.items, "[", "]")
            active.remove(id)
        case .tuple(let t):
            if t.count == 1 {
                out += "("
                appendRepr(t[0], to: &out, active: &active, depth: depth + 1)
                out += ",)"
            } else {
                items(t, "(", ")")
            }
        case .dict(let d):
            let id = ObjectIdentifier(d)
            if active.contains(id) { out += "{...}"; return }
            active.insert(id)
            out += "{"
            for (i, (k, v)) in d.items.enumerated() {
                if i > 0 { out += ", " }
                appendRepr(k, to: &out, active: &active, depth: depth + 1)
                out += ": "
                appendRepr(v, to: &out, active: &active, depth: depth + 1)
            }
            out += "}"
            active.remove(id)
        case .set(let s):
            if s.count == 0 { out += "set()" } else { items(s.members, "{", "}") }
        case .object(let o): out += o.repr()
        }
    }

    /// Python's `ascii(x)`: `repr` with non-ASCII characters escaped.
    public static func asciiRepr(_ value: Value) -> String {
        var out = ""
        for scalar in reprOf(value).unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else if scalar.value <= 0xFF {
                out += "\\x" + hexDigits(scalar.value, 2)
            } else if scalar.value <= 0xFFFF {
                out += "\\u" + hexDigits(scalar.value, 4)
            } else {
                out += "\\U" + hexDigits(scalar.value, 8)
            }
        }
        return out
    }

    private static func hexDigits(_ v: UInt32, _ width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
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
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
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
            default:
                if let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1,
                   scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hexDigits(scalar.value, 2)
                } else {
                    out.append(ch)
                }
            }
        }
        out.append(q)
        return out
    }
}
