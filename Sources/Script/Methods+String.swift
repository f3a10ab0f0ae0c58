/// The methods of the built-in types, by type name (for attribute lookup, `dir()` and completion).
func methodNames(forType type: String) -> [String] {
    switch type {
    case "str": return stringMethods
    case "list": return ["append", "extend", "insert", "pop", "remove", "index", "count", "sort", "reverse", "copy", "clear"]
    case "dict": return ["keys", "values", "items", "get", "pop", "popitem", "setdefault", "update", "copy", "clear"]
    case "set": return ["add", "discard", "remove", "pop", "union", "intersection", "difference", "symmetric_difference",
                        "update", "issubset", "issuperset", "isdisjoint", "copy", "clear"]
    case "tuple": return ["count", "index"]
    case "float": return ["is_integer", "as_integer_ratio", "hex", "conjugate"]
    case "int": return ["bit_length", "conjugate", "to_bytes"]
    default: return []
    }
}

let stringMethods = ["split", "rsplit", "strip", "lstrip", "rstrip", "join", "format", "replace", "startswith", "endswith",
                     "lower", "upper", "find", "rfind", "index", "rindex", "count", "isdigit", "isalpha", "isalnum",
                     "isspace", "isupper", "islower", "isnumeric", "isdecimal", "isidentifier", "title", "capitalize", "zfill",
                     "ljust", "rjust", "center", "splitlines", "partition", "rpartition", "swapcase", "casefold",
                     "encode", "removeprefix", "removesuffix", "expandtabs", "format_map", "istitle"]

extension Interpreter {
    /// Calls method `name` of a built-in value (`"a,b".split(",")`, `xs.append(1)`).
    /// - Throws: `AttributeError` when there is no such method, or the method's own errors.
    public func callMethod(_ receiver: Value, _ name: String, _ arguments: Arguments) throws -> Value {
        switch receiver {
        case .str(let s): return try stringMethod(s, name, arguments)
        case .list(let l): return try listMethod(l, name, arguments)
        case .dict(let d): return try dictMethod(d, name, arguments)
        case .set(let s): return try setMethod(s, name, arguments)
        case .tuple(let t):
            if name == "count" || name == "index" { return try sequenceSearch(t, name, arguments, type: "tuple") }
        case .float(let d):
            switch name {
            case "is_integer": return .bool(d.isFinite && d.rounded() == d)
            case "conjugate": return receiver
            case "as_integer_ratio":
                guard d.isFinite else { throw ScriptError(.overflowError, "cannot convert Infinity to integer ratio") }
                var numerator = d, denominator = 1.0
                while numerator.rounded() != numerator && denominator < 1e300 { numerator *= 2; denominator *= 2 }
                guard let n = Int(exactly: numerator), let m = Int(exactly: denominator) else {
                    throw ScriptError(.overflowError, "integer ratio too large for 64-bit ints")
                }
                return .tuple([.int(n), .int(m)])
            default: break
            }
        case .int(let i):
            if name == "bit_length" { return .int(i == 0 ? 0 : Int.bitWidth - i.magnitude.leadingZeroBitCount) }
            if name == "conjugate" { return receiver }
        case .object(let o):
            guard let method = try o.attribute(name, interpreter: self) else { throw attributeError(receiver, name) }
            return try call(method, arguments)
        default: break
        }
        throw attributeError(receiver, name)
    }

    func sequenceSearch(_ items: [Value], _ name: String, _ arguments: Arguments, type: String) throws -> Value {
        if name == "count" {
            let needle = try arguments.single("count")
            var n = 0
            for item in items where try valuesEqual(item, needle) { n += 1 }
            return .int(n)
        }
        guard let needle = arguments.positional.first else {
            throw ScriptError(.typeError, "index expected at least 1 argument, got 0")
        }
        let count = items.count
        func bound(_ v: Value?, _ defaultValue: Int) -> Int {
            guard let i = v?.asIndex else { return defaultValue }
            return i < 0 ? max(0, i + count) : min(i, count)
        }
        let start = bound(arguments.positional.dropFirst().first, 0)
        let end = bound(arguments.positional.dropFirst(2).first, count)
        if start < end {
            for i in start..<end where try valuesEqual(items[i], needle) { return .int(i) }
        }
        if type == "tuple" { throw ScriptError(.valueError, "tuple.index(x): x not in tuple") }
        throw ScriptError(.valueError, "\(Value.reprOf(needle)) is not in list")
    }

    private func stringMethod(_ s: String, _ name: String, _ args: Arguments) throws -> Value {
        func stringArgument(_ index: Int, _ what: String) throws -> String? {
            guard index < args.positional.count else { return nil }
            switch args.positional[index] {
            case .str(let t): return t
            case .none: return nil
            case let other: throw ScriptError(.typeError, "\(what) arg must be None or str, not \(other.typeName)")
            }
        }
        switch name {
        case "split", "rsplit":
            let b = try args.bind(name, ["sep", "maxsplit"])
            var sep: String?
            if let v = b.optional("sep") {
                guard case .str(let t) = v else { throw ScriptError(.typeError, "must be str or None, not \(v.typeName)") }
                if t.isEmpty { throw ScriptError(.valueError, "empty separator") }
                sep = t
            }
            let maxsplit = b.optional("maxsplit")?.asIndex ?? -1
            return .list(ListObject(split(s, sep: sep, maxsplit: maxsplit, fromRight: name == "rsplit").map { .str($0) }))
        case "strip", "lstrip", "rstrip":
            let chars = try stringArgument(0, name) ?? " \t\n\r\u{0B}\u{0C}"
            var a = Array(s)[...]
            if name != "rstrip" { while let f = a.first, chars.contains(f) { a = a.dropFirst() } }
            if name != "lstrip" { while let l = a.last, chars.contains(l) { a = a.dropLast() } }
            return .str(String(a))
        case "join":
            let items = try iterate(try args.single("join"))
            var parts: [String] = []
            parts.reserveCapacity(items.count)
            for (i, item) in items.enumerated() {
                guard case .str(let t) = item else {
                    throw ScriptError(.typeError, "sequence item \(i): expected str instance, \(item.typeName) found")
                }
                parts.append(t)
            }
            return .str(parts.joined(separator: s))
        case "format":
            return .str(try formatTemplate(s, args))
        case "format_map":
            guard case .dict(let d)? = args.positional.first else { throw ScriptError(.typeError, "format_map() argument must be a dict") }
            var keywords: [(name: String, value: Value)] = []
            for (k, v) in d.items { if case .str(let key) = k { keywords.append((key, v)) } }
            return .str(try formatTemplate(s, Arguments([], keywords: keywords)))
        case "replace":
            guard args.positional.count >= 2, case .str(let old) = args.positional[0], case .str(let new) = args.positional[1] else {
                throw ScriptError(.typeError, "replace() takes 2 string arguments")
            }
            let limit = args.positional.count > 2 ? (args.positional[2].asIndex ?? -1) : -1
            return .str(replace(s, old, new, limit: limit))
        case "startswith", "endswith":
            guard let first = args.positional.first else { throw ScriptError(.typeError, "\(name)() takes at least 1 argument (0 given)") }
            let candidates: [Value]
            if case .tuple(let t) = first { candidates = t } else { candidates = [first] }
            for c in candidates {
                guard case .str(let t) = c else {
                    throw ScriptError(.typeError, "\(name) first arg must be str or a tuple of str, not \(c.typeName)")
                }
                if name == "startswith" ? s.hasPrefix(t) || t.isEmpty : s.hasSuffix(t) || t.isEmpty { return .bool(true) }
            }
            return .bool(false)
        case "lower": return .str(s.lowercased())
        case "upper": return .str(s.uppercased())
        case "casefold": return .str(s.lowercased())
        case "swapcase": return .str(String(s.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) }))
        case "title", "capitalize":
            var out = ""
            var startOfWord = true
            for (i, c) in s.enumerated() {
                if name == "capitalize" {
                    out += i == 0 ? c.uppercased() : c.lowercased()
                } else {
                    out += startOfWord ? c.uppercased() : c.lowercased()
                    startOfWord = !c.isLetter
                }
            }
            return .str(out)
        case "find", "rfind", "index", "rindex", "count":
            guard let sub = try stringArgument(0, name) else { throw ScriptError(.typeError, "\(name)() takes at least 1 argument (0 given)") }
            let chars = Array(s.unicodeScalars)
            let n = chars.count
            func bound(_ i: Int, _ d: Int) -> Int {
                guard i < args.positional.count, let v = args.positional[i].asIndex else { return d }
                return v < 0 ? max(0, v + n) : min(v, n)
            }
            let start = bound(1, 0), end = bound(2, n)
            let needle = Array(sub.unicodeScalars)
            var positions: [Int] = []
            if start <= end && needle.count <= end - start {
                var i = start
                while i + needle.count <= end {
                    if needle.isEmpty || chars[i..<(i + needle.count)].elementsEqual(needle) {
                        positions.append(i)
                        if name == "find" || name == "index" { break }
                        i += max(needle.count, 1)
                        if name == "count" && needle.isEmpty && i > end { break }
                    } else {
                        i += 1
                    }
                }
                if needle.isEmpty && name == "count" { return .int(end - start + 1) }
            }
            if name == "count" { return .int(positions.count) }
            let found = name.hasPrefix("r") ? (needle.isEmpty ? end : positions.last) : positions.first
            if let p = found { return .int(p) }
            if name.hasSuffix("index") { throw ScriptError(.valueError, "substring not found") }
            return .int(-1)
        case "isdigit", "isdecimal", "isnumeric":
            return .bool(!s.isEmpty && s.allSatisfy { $0.isNumber })
        case "isalpha": return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter })
        case "isalnum": return .bool(!s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber })
        case "isspace": return .bool(!s.isEmpty && s.allSatisfy { $0.isWhitespace })
        case "isupper": return .bool(s.contains { $0.isCased } && !s.contains { $0.isLowercase })
        case "islower": return .bool(s.contains { $0.isCased } && !s.contains { $0.isUppercase })
        case "istitle":
            let titled = try stringMethod(s, "title", Arguments()).strValue
            return .bool(s.contains { $0.isCased } && titled == s)
        case "isidentifier":
            guard let f = s.first, f.isLetter || f == "_" else { return .bool(false) }
            return .bool(s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" })
        case "zfill":
            guard let width = args.positional.first?.asIndex else { throw ScriptError(.typeError, "zfill() takes exactly one integer argument") }
            let count = s.unicodeScalars.count
            guard width > count else { return .str(s) }
            let zeros = String(repeating: "0", count: width - count)
            if let f = s.first, f == "-" || f == "+" { return .str(String(f) + zeros + String(s.dropFirst())) }
            return .str(zeros + s)
        case "ljust", "rjust", "center":
            guard let width = args.positional.first?.asIndex else { throw ScriptError(.typeError, "\(name)() takes an integer width") }
            var fill: Character = " "
            if args.positional.count > 1 {
                guard case .str(let f) = args.positional[1], f.count == 1, let c = f.first else {
                    throw ScriptError(.typeError, "The fill character must be exactly one character long")
                }
                fill = c
            }
            let padding = max(0, width - s.unicodeScalars.count)
            switch name {
            case "ljust": return .str(s + String(repeating: fill, count: padding))
            case "rjust": return .str(String(repeating: fill, count: padding) + s)
            default:
                let left = padding / 2 + (padding & width & 1)
                return .str(String(repeating: fill, count: left) + s + String(repeating: fill, count: padding - left))
            }
        case "splitlines":
            let keep = try args.positional.first.map { try isTruthy($0) } ?? false
            var lines: [String] = []
            var current = ""
            for c in s {
                if c == "\n" || c == "\r\n" || c == "\r" {
                    lines.append(keep ? current + String(c) : current)
                    current = ""
                } else {
                    current.append(c)
                }
            }
            if !current.isEmpty { lines.append(current) }
            return .list(ListObject(lines.map { .str($0) }))
        case "partition", "rpartition":
            guard let sep = try stringArgument(0, name), !sep.isEmpty else { throw ScriptError(.valueError, "empty separator") }
            let pieces = s.components(separatedByString: sep)
            if pieces.count == 1 {
                return name == "partition" ? .tuple([.str(s), .str(""), .str("")]) : .tuple([.str(""), .str(""), .str(s)])
            }
            if name == "partition" {
                return .tuple([.str(pieces[0]), .str(sep), .str(pieces.dropFirst().joined(separator: sep))])
            }
            return .tuple([.str(pieces.dropLast().joined(separator: sep)), .str(sep), .str(pieces.last ?? "")])
        case "removeprefix":
            let p = try stringArgument(0, name) ?? ""
            return .str(s.hasPrefix(p) ? String(s.dropFirst(p.count)) : s)
        case "removesuffix":
            let p = try stringArgument(0, name) ?? ""
            return .str(s.hasSuffix(p) && !p.isEmpty ? String(s.dropLast(p.count)) : s)
        case "expandtabs":
            let size = args.positional.first?.asIndex ?? 8
            var out = ""
            var column = 0
            for c in s {
                if c == "\t" {
                    let n = size > 0 ? size - column % size : 0
                    out += String(repeating: " ", count: n)
                    column += n
                } else {
                    out.append(c)
                    column = c == "\n" ? 0 : column + 1
                }
            }
            return .str(out)
        case "encode":
            return .str(s)
        default:
            throw attributeError(.str(s), name)
        }
    }

    /// Python's `str.split`: on runs of whitespace without `sep`, else on each `sep`.
    func split(_ s: String, sep: String?, maxsplit: Int, fromRight: Bool) -> [String] {
        guard let sep = sep else {
            var words: [String] = []
            var chars = Array(s)
            if fromRight { chars.reverse() }
            var i = 0
            while i < chars.count {
                while i < chars.count && chars[i].isWhitespace { i += 1 }
                if i >= chars.count { break }
                if maxsplit >= 0 && words.count == maxsplit {
                    var rest = Array(chars[i...])
                    while let l = rest.last, l.isWhitespace { rest.removeLast() }
                    words.append(String(fromRight ? rest.reversed() : rest))
                    break
                }
                var word: [Character] = []
                while i < chars.count && !chars[i].isWhitespace { word.append(chars[i]); i += 1 }
                words.append(String(fromRight ? word.reversed() : word))
            }
            return fromRight ? words.reversed() : words
        }
        let pieces = s.components(separatedByString: sep)
        guard maxsplit >= 0 && pieces.count > maxsplit + 1 else { return pieces }
        if fromRight {
            let keep = pieces.count - maxsplit
            return [pieces[0..<keep].joined(separator: sep)] + pieces[keep...]
        }
        return Array(pieces[0..<maxsplit]) + [pieces[maxsplit...].joined(separator: sep)]
    }

    private func replace(_ s: String, _ old: String, _ new: String, limit: Int) -> String {
        if old.isEmpty {
            var out = ""
            var count = 0
            for c in s {
                if limit < 0 || count < limit { out += new; count += 1 }
                out.append(c)
            }
            if limit < 0 || count < limit { out += new }
            return out
        }
        let pieces = s.components(separatedByString: old)
        guard limit >= 0 && pieces.count - 1 > limit else { return pieces.joined(separator: new) }
        return pieces[0...limit].joined(separator: new) + old + pieces[(limit + 1)...].joined(separator: old)
    }
}

extension Value {
    var strValue: String? {
        if case .str(let s) = self { return s }
        return nil
    }
}
