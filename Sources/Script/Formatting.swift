#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Python's format-spec mini-language (`[[fill]align][sign][#][0][width][,|_][.precision][type]`),
/// shared by f-strings, `str.format`, `format()` and `%` formatting.
struct FormatSpec {
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var alternate = false
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    /// - Throws: `ValueError` "Invalid format specifier" for malformed specs.
    init(_ text: String, for value: Value) throws {
        let chars = Array(text)
        var i = 0
        func invalid() -> ScriptError {
            ScriptError(.valueError, "Invalid format specifier '\(text)' for object of type '\(value.typeName)'")
        }
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            i = 2
        } else if let first = chars.first, "<>=^".contains(first) {
            align = first
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "z" { i += 1 }
        if i < chars.count, chars[i] == "#" { alternate = true; i += 1 }
        if i < chars.count, chars[i] == "0" {
            if align == nil { fill = "0"; align = "=" }
            i += 1
        }
        var digits = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
        if !digits.isEmpty {
            guard let w = Int(digits), w < 100_000 else { throw ScriptError(.valueError, "Too many decimal digits in format string") }
            width = w
        }
        if i < chars.count, chars[i] == "," || chars[i] == "_" { grouping = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard let precision = Int(p), precision < 10_000 else {
                throw ScriptError(.valueError, "Format specifier missing precision")
            }
            self.precision = precision
        }
        if i < chars.count { type = chars[i]; i += 1 }
        if i != chars.count { throw invalid() }
    }

    /// Pads `body` (with an optional sign/prefix kept in front for `=` alignment) to the width.
    func pad(_ body: String, prefix: String = "", defaultAlign: Character) -> String {
        let total = prefix.unicodeScalars.count + body.unicodeScalars.count
        guard width > total else { return prefix + body }
        let padding = width - total
        switch align ?? defaultAlign {
        case "<": return prefix + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + prefix + body + String(repeating: fill, count: padding - left)
        case "=": return prefix + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + prefix + body
        }
    }
}

/// C's `snprintf` for one double (the `%e`/`%f`/`%g` conversions Python's float formatting uses).
func cFormat(_ format: String, _ value: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    let written = withVaList([value]) { args in
        buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 512, format, args) }
    }
    if written >= 512 {
        var big = [CChar](repeating: 0, count: Int(written) + 1)
        _ = withVaList([value]) { args in
            big.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, Int(written) + 1, format, args) }
        }
        return String(cString: big)
    }
    return String(cString: buffer)
}

/// Inserts `separator` every `every` digits from the right of the integer part of `digits`.
func group(_ digits: String, _ separator: Character, every: Int = 3) -> String {
    let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let integer = Array(parts[0])
    var out: [Character] = []
    for (i, c) in integer.enumerated() {
        if i > 0 && (integer.count - i) % every == 0 { out.append(separator) }
        out.append(c)
    }
    return String(out) + (parts.count > 1 ? "." + parts[1] : "")
}

/// Formats `value` with a format spec, as Python's `format(value, spec)`.
/// - Throws: `ValueError` for a spec that does not fit the value's type.
func formatValue(_ value: Value, spec: String) throws -> String {
    if spec.isEmpty { return Value.strOf(value) }
    switch value {
    case .str(let s):
        let f = try FormatSpec(spec, for: value)
        guard f.type == nil || f.type == "s" else {
            throw ScriptError(.valueError, "Unknown format code '\(f.type ?? "s")' for object of type 'str'")
        }
        if f.sign != "-" { throw ScriptError(.valueError, "Sign not allowed in string format specifier") }
        if f.align == "=" { throw ScriptError(.valueError, "'=' alignment not allowed in string format specifier") }
        let text = f.precision.map { String(String.UnicodeScalarView(s.unicodeScalars.prefix($0))) } ?? s
        return f.pad(text, defaultAlign: "<")
    case .int(let i):
        return try formatInteger(i, spec, value)
    case .bool(let b):
        // As in Python, a bool with a non-empty spec formats as the int it is.
        return try formatInteger(b ? 1 : 0, spec, value)
    case .float(let d):
        return try formatFloat(d, spec, value)
    case .none:
        let f = try FormatSpec(spec, for: value)
        if f.type == nil && f.precision == nil { return f.pad("None", defaultAlign: "<") }
        throw ScriptError(.typeError, "unsupported format string passed to NoneType.__format__")
    default:
        throw ScriptError(.typeError, "unsupported format string passed to \(value.typeName).__format__")
    }
}

private func formatInteger(_ i: Int, _ spec: String, _ value: Value) throws -> String {
    let f = try FormatSpec(spec, for: value)
    if let t = f.type, "eEfFgG%".contains(t) { return try formatFloat(Double(i), spec, value) }
    if f.precision != nil { throw ScriptError(.valueError, "Precision not allowed in integer format specifier") }
    let magnitude = i.magnitude
    var body: String
    var prefix = ""
    switch f.type {
    case nil, "d"?, "n"?: body = String(magnitude)
    case "x"?: body = String(magnitude, radix: 16); if f.alternate { prefix = "0x" }
    case "X"?: body = String(magnitude, radix: 16).uppercased(); if f.alternate { prefix = "0X" }
    case "o"?: body = String(magnitude, radix: 8); if f.alternate { prefix = "0o" }
    case "b"?: body = String(magnitude, radix: 2); if f.alternate { prefix = "0b" }
    case "c"?:
        guard let scalar = Unicode.Scalar(UInt32(clamping: i)) else { throw ScriptError(.overflowError, "%c arg not in range(0x110000)") }
        return f.pad(String(Character(scalar)), defaultAlign: "<")
    case let t?:
        throw ScriptError(.valueError, "Unknown format code '\(t)' for object of type '\(value.typeName)'")
    }
    if let g = f.grouping { body = group(body, g, every: f.type == nil || f.type == "d" ? 3 : 4) }
    let sign = i < 0 ? "-" : (f.sign == "+" ? "+" : (f.sign == " " ? " " : ""))
    return f.pad(body, prefix: sign + prefix, defaultAlign: ">")
}

private func formatFloat(_ d: Double, _ spec: String, _ value: Value) throws -> String {
    let f = try FormatSpec(spec, for: value)
    let negative = d.sign == .minus && !d.isNaN
    let magnitude = abs(d)
    var body: String
    switch f.type {
    case "f"?, "F"?:
        body = cFormat("%.\(f.precision ?? 6)f", magnitude)
        if f.type == "F" { body = body.uppercased() }
        if f.alternate && !body.contains(".") { body += "." }
    case "e"?, "E"?:
        body = cFormat("%\(f.alternate ? "#" : "").\(f.precision ?? 6)\(f.type ?? "e")", magnitude)
    case "g"?, "G"?, "n"?:
        body = cFormat("%\(f.alternate ? "#" : "").\(f.precision ?? 6)\(f.type == "G" ? "G" : "g")", magnitude)
    case "%"?:
        body = cFormat("%.\(f.precision ?? 6)f", magnitude * 100) + "%"
    case nil:
        if let p = f.precision {
            body = cFormat("%.\(max(p, 1))g", magnitude)
            if magnitude.isFinite && !body.contains(".") && !body.contains("e") { body += ".0" }
        } else {
            body = Value.formatFloat(magnitude)
        }
    case let t?:
        throw ScriptError(.valueError, "Unknown format code '\(t)' for object of type '\(value.typeName)'")
    }
    if let g = f.grouping, magnitude.isFinite {
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" || $0 == "%" }) {
            body = group(String(body[..<e]), g) + body[e...]
        } else {
            body = group(body, g)
        }
    }
    let sign = negative ? "-" : (f.sign == "+" ? "+" : (f.sign == " " ? " " : ""))
    return f.pad(body, prefix: sign, defaultAlign: ">")
}

extension Interpreter {
    /// Python's `format(value, spec)` (the mini-language f-strings and `str.format` use).
    /// Example: `format(.float(0.86512), spec: ".4f")` → `"0.8651"`.
    /// - Throws: `ValueError` for a spec that does not fit the value's type.
    public func format(_ value: Value, spec: String) throws -> String {
        try formatValue(value, spec: spec)
    }

    /// `format % args` (printf-style formatting: `%s %r %d %i %f %e %g %x %o %c %%`, flags,
    /// width, precision, `%(name)s`).
    func percentFormat(_ format: String, _ arguments: Value) throws -> String {
        let chars = Array(format)
        var values: [Value]
        var mapping: DictObject?
        switch arguments {
        case .tuple(let items): values = items
        case .dict(let d): values = [arguments]; mapping = d
        default: values = [arguments]
        }
        var next = 0
        var out = ""
        var i = 0
        func take() throws -> Value {
            guard next < values.count else { throw ScriptError(.typeError, "not enough arguments for format string") }
            defer { next += 1 }
            return values[next]
        }
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else { out.append(c); i += 1; continue }
            i += 1
            guard i < chars.count else { throw ScriptError(.valueError, "incomplete format") }
            var named: Value?
            if chars[i] == "(" {
                guard let close = chars[i...].firstIndex(of: ")") else { throw ScriptError(.valueError, "incomplete format key") }
                let key = String(chars[(i + 1)..<close])
                guard let dict = mapping else { throw ScriptError(.typeError, "format requires a mapping") }
                guard let v = try dict.get(.str(key)) else { throw ScriptError(.keyError, Value.quote(key)) }
                named = v
                i = close + 1
            }
            var flags = ""
            while i < chars.count, "-+ 0#".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "*" {
                if chars[i] == "*" { width = String(describing: (try take()).asIndex ?? 0) } else { width.append(chars[i]) }
                i += 1
            }
            var precision = ""
            if i < chars.count, chars[i] == "." {
                precision = "."
                i += 1
                while i < chars.count, chars[i].isASCII, chars[i].isNumber { precision.append(chars[i]); i += 1 }
                if precision == "." { precision = ".0" }
            }
            guard i < chars.count else { throw ScriptError(.valueError, "incomplete format") }
            let conversion = chars[i]
            i += 1
            if conversion == "%" { out.append("%"); continue }
            let value = try named ?? take()
            var spec = ""
            if flags.contains("-") { spec += "<" } else if flags.contains("0") && conversion != "s" && conversion != "r" { spec += "0" }
            let signFlag = flags.contains("+") ? "+" : (flags.contains(" ") ? " " : "")
            switch conversion {
            case "s", "r", "a":
                let text = conversion == "s" ? Value.strOf(value) : Value.reprOf(value)
                out += try formatValue(.str(text), spec: (spec.hasPrefix("<") ? "<" : ">") + width + precision)
            case "d", "i", "u":
                guard let n = value.asDouble else {
                    throw ScriptError(.typeError, "%\(conversion) format: a real number is required, not \(value.typeName)")
                }
                let integer: Value = value.asIndex.map { .int($0) } ?? .int(Int(exactly: n.rounded(.towardZero)) ?? 0)
                out += try formatValue(integer, spec: alignSpec(spec, signFlag, width, "", "d"))
            case "f", "F", "e", "E", "g", "G":
                guard let n = value.asDouble else {
                    throw ScriptError(.typeError, "must be real number, not \(value.typeName)")
                }
                let p = precision.isEmpty ? ".6" : precision
                out += try formatValue(.float(n), spec: alignSpec(spec, signFlag, width, p, String(conversion)))
            case "x", "X", "o":
                guard let n = value.asIndex else {
                    throw ScriptError(.typeError, "%\(conversion) format: an integer is required, not \(value.typeName)")
                }
                out += try formatValue(.int(n), spec: alignSpec(spec, signFlag, width, "", (flags.contains("#") ? "#" : "") + String(conversion)))
            case "c":
                if case .str(let s) = value { out += s } else if let n = value.asIndex, let u = Unicode.Scalar(UInt32(clamping: n)) {
                    out.append(Character(u))
                } else {
                    throw ScriptError(.typeError, "%c requires int or char")
                }
            default:
                throw ScriptError(.valueError, "unsupported format character '\(conversion)' (0x\(String(conversion.unicodeScalars.first?.value ?? 0, radix: 16))) at index \(i - 1)")
            }
        }
        if mapping == nil && next < values.count {
            throw ScriptError(.typeError, "not all arguments converted during string formatting")
        }
        return out
    }

    private func alignSpec(_ align: String, _ sign: String, _ width: String, _ precision: String, _ type: String) -> String {
        if type.hasPrefix("#") {
            return (align == "<" ? "<" : "") + sign + "#" + (align == "0" ? "0" : "") + width + precision + type.dropFirst()
        }
        return (align == "<" ? "<" : "") + sign + (align == "0" ? "0" : "") + width + precision + type
    }

    /// `template.format(*args, **kwargs)`.
    func formatTemplate(_ template: String, _ arguments: Arguments) throws -> String {
        let chars = Array(template)
        var out = ""
        var i = 0
        var automatic = 0
        var usedAutomatic = false
        var usedManual = false
        func resolve(_ field: String) throws -> Value {
            var nameEnd = field.startIndex
            while nameEnd < field.endIndex, field[nameEnd] != ".", field[nameEnd] != "[" { nameEnd = field.index(after: nameEnd) }
            let head = String(field[..<nameEnd])
            var value: Value
            if head.isEmpty {
                if usedManual { throw ScriptError(.valueError, "cannot switch from manual field specification to automatic field numbering") }
                usedAutomatic = true
                guard automatic < arguments.positional.count else {
                    throw ScriptError(.indexError, "Replacement index \(automatic) out of range for positional args tuple")
                }
                value = arguments.positional[automatic]
                automatic += 1
            } else if let index = Int(head) {
                if usedAutomatic { throw ScriptError(.valueError, "cannot switch from automatic field numbering to manual field specification") }
                usedManual = true
                guard index >= 0 && index < arguments.positional.count else {
                    throw ScriptError(.indexError, "Replacement index \(index) out of range for positional args tuple")
                }
                value = arguments.positional[index]
            } else {
                guard let v = arguments.keywords.last(where: { $0.name == head })?.value else {
                    throw ScriptError(.keyError, Value.quote(head))
                }
                value = v
            }
            var rest = field[nameEnd...]
            while let first = rest.first {
                if first == "." {
                    let name = rest.dropFirst().prefix { $0 != "." && $0 != "[" }
                    value = try attribute(of: value, String(name))
                    rest = rest.dropFirst(1 + name.count)
                } else {
                    guard let close = rest.firstIndex(of: "]") else { throw ScriptError(.valueError, "Missing ']' in format string") }
                    let key = String(rest[rest.index(after: rest.startIndex)..<close])
                    value = try subscriptValue(value, Int(key).map { .int($0) } ?? .str(key))
                    rest = rest[rest.index(after: close)...]
                }
            }
            return value
        }
        while i < chars.count {
            let c = chars[i]
            if c == "}" {
                if i + 1 < chars.count && chars[i + 1] == "}" { out.append("}"); i += 2; continue }
                throw ScriptError(.valueError, "Single '}' encountered in format string")
            }
            guard c == "{" else { out.append(c); i += 1; continue }
            if i + 1 < chars.count && chars[i + 1] == "{" { out.append("{"); i += 2; continue }
            var depth = 1
            var j = i + 1
            while j < chars.count {
                if chars[j] == "{" { depth += 1 }
                if chars[j] == "}" { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            guard j < chars.count else { throw ScriptError(.valueError, "expected '}' before end of string") }
            let field = String(chars[(i + 1)..<j])
            i = j + 1
            var name = field
            var conversion: Character?
            var spec = ""
            if let colon = field.firstIndex(of: ":") {
                name = String(field[..<colon])
                spec = String(field[field.index(after: colon)...])
            }
            if let bang = name.firstIndex(of: "!") {
                conversion = name[name.index(after: bang)...].first
                name = String(name[..<bang])
            }
            if spec.contains("{") { spec = try formatTemplate(spec, arguments) }
            var value = try resolve(name)
            switch conversion {
            case "r"?: value = .str(Value.reprOf(value))
            case "s"?: value = .str(Value.strOf(value))
            case "a"?: value = .str(Value.asciiRepr(value))
            case nil: break
            case let other?: throw ScriptError(.valueError, "Unknown conversion specifier \(other)")
            }
            out += try formatValue(value, spec: spec)
        }
        return out
    }
}
