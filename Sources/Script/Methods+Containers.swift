/// Methods of `list`, `dict` and `set`, with CPython's messages.
extension Interpreter {
    func listMethod(_ list: ListObject, _ name: String, _ args: Arguments) throws -> Value {
        switch name {
        case "append":
            list.items.append(try args.single("append"))
        case "extend":
            let source = try args.single("extend")
            if case .list(let other) = source, other === list { list.items += other.items } else {
                list.items.append(contentsOf: try iterate(source))
            }
        case "insert":
            guard args.positional.count == 2, let i = args.positional[0].asIndex else {
                throw ScriptError(.typeError, "insert expected 2 arguments, an integer index and a value")
            }
            let n = list.items.count
            list.items.insert(args.positional[1], at: i < 0 ? max(0, i + n) : min(i, n))
        case "pop":
            if list.items.isEmpty { throw ScriptError(.indexError, "pop from empty list") }
            guard let index = args.positional.first else { return list.items.removeLast() }
            guard let i = index.asIndex else {
                throw ScriptError(.typeError, "'\(index.typeName)' object cannot be interpreted as an integer")
            }
            let p = i < 0 ? i + list.items.count : i
            guard p >= 0 && p < list.items.count else { throw ScriptError(.indexError, "pop index out of range") }
            return list.items.remove(at: p)
        case "remove":
            let needle = try args.single("remove")
            for (i, item) in list.items.enumerated() where try valuesEqual(item, needle) {
                list.items.remove(at: i)
                return .none
            }
            throw ScriptError(.valueError, "list.remove(x): x not in list")
        case "index", "count":
            return try sequenceSearch(list.items, name, args, type: "list")
        case "sort":
            if !args.positional.isEmpty { throw ScriptError(.typeError, "sort() takes no positional arguments") }
            let b = try args.bind("sort", ["key", "reverse"])
            list.items = try sortValues(list.items, key: b.optional("key"), reverse: try isTruthy(b["reverse"] ?? .bool(false)))
        case "reverse":
            list.items.reverse()
        case "copy":
            return .list(ListObject(list.items))
        case "clear":
            list.items.removeAll()
        default:
            throw attributeError(.list(list), name)
        }
        return .none
    }

    func dictMethod(_ dict: DictObject, _ name: String, _ args: Arguments) throws -> Value {
        switch name {
        case "keys": return .object(DictViewObject(dict, kind: .keys))
        case "values": return .object(DictViewObject(dict, kind: .values))
        case "items": return .object(DictViewObject(dict, kind: .items))
        case "get":
            guard let key = args.positional.first, args.positional.count <= 2 else {
                throw ScriptError(.typeError, "get expected 1 or 2 arguments, got \(args.positional.count)")
            }
            return try dict.get(key) ?? (args.positional.count > 1 ? args.positional[1] : .none)
        case "pop":
            guard let key = args.positional.first else { throw ScriptError(.typeError, "pop expected at least 1 argument, got 0") }
            if let v = try dict.remove(key) { return v }
            if args.positional.count > 1 { return args.positional[1] }
            throw ScriptError(.keyError, Value.reprOf(key))
        case "popitem":
            guard let key = dict.keys.last else { throw ScriptError(.keyError, "'popitem(): dictionary is empty'") }
            let value = try dict.remove(key) ?? .none
            return .tuple([key, value])
        case "setdefault":
            guard let key = args.positional.first else { throw ScriptError(.typeError, "setdefault expected at least 1 argument, got 0") }
            if let v = try dict.get(key) { return v }
            let v = args.positional.count > 1 ? args.positional[1] : .none
            try dict.set(key, v)
            return v
        case "update":
            if let source = args.positional.first { try update(dict, from: source) }
            for (k, v) in args.keywords { try dict.set(.str(k), v) }
            return .none
        case "copy":
            let copy = DictObject()
            for (k, v) in dict.items { try copy.set(k, v) }
            return .dict(copy)
        case "clear":
            for key in dict.keys { try dict.remove(key) }
            return .none
        default:
            throw attributeError(.dict(dict), name)
        }
    }

    func setMethod(_ set: SetObject, _ name: String, _ args: Arguments) throws -> Value {
        func others() throws -> [SetObject] {
            try args.positional.map { v in
                if case .set(let s) = v { return s }
                let s = SetObject()
                for item in try iterate(v) { try s.insert(item) }
                return s
            }
        }
        func copy(_ members: [Value]) throws -> SetObject {
            let s = SetObject()
            for m in members { try s.insert(m) }
            return s
        }
        switch name {
        case "add":
            try set.insert(try args.single("add"))
        case "discard", "remove":
            let value = try args.single(name)
            if !(try set.remove(value)) && name == "remove" {
                throw ScriptError(.keyError, Value.reprOf(value))
            }
        case "pop":
            guard let first = set.members.first else { throw ScriptError(.keyError, "'pop from an empty set'") }
            try set.remove(first)
            return first
        case "union":
            let result = try copy(set.members)
            for o in try others() { for m in o.members { try result.insert(m) } }
            return .set(result)
        case "update":
            for o in try others() { for m in o.members { try set.insert(m) } }
        case "intersection":
            var members = set.members
            for o in try others() { members = try members.filter { try o.contains($0) } }
            return .set(try copy(members))
        case "difference":
            var members = set.members
            for o in try others() { members = try members.filter { !(try o.contains($0)) } }
            return .set(try copy(members))
        case "symmetric_difference":
            guard let o = try others().first else { throw ScriptError(.typeError, "symmetric_difference() takes exactly one argument (0 given)") }
            let result = try copy(try set.members.filter { !(try o.contains($0)) })
            for m in o.members where !(try set.contains(m)) { try result.insert(m) }
            return .set(result)
        case "issubset":
            guard let o = try others().first else { throw ScriptError(.typeError, "issubset() takes exactly one argument (0 given)") }
            return .bool(try set.members.allSatisfy { try o.contains($0) })
        case "issuperset":
            guard let o = try others().first else { throw ScriptError(.typeError, "issuperset() takes exactly one argument (0 given)") }
            return .bool(try o.members.allSatisfy { try set.contains($0) })
        case "isdisjoint":
            guard let o = try others().first else { throw ScriptError(.typeError, "isdisjoint() takes exactly one argument (0 given)") }
            return .bool(try !set.members.contains { try o.contains($0) })
        case "copy":
            return .set(try copy(set.members))
        case "clear":
            set.removeAll()
        default:
            throw attributeError(.set(set), name)
        }
        return .none
    }
}

/// `dict.keys()`, `dict.values()`, `dict.items()`: live views printed as `dict_keys([...])`.
final class DictViewObject: ScriptObject {
    enum Kind: String { case keys, values, items }
    let dict: DictObject
    let kind: Kind
    init(_ dict: DictObject, kind: Kind) {
        self.dict = dict
        self.kind = kind
    }
    var values: [Value] {
        switch kind {
        case .keys: return dict.keys
        case .values: return dict.values
        case .items: return dict.items.map { .tuple([$0.0, $0.1]) }
        }
    }
    var typeName: String { "dict_\(kind.rawValue)" }
    func repr() -> String { "\(typeName)(\(Value.reprOf(.list(ListObject(values)))))" }
    func length() throws -> Int? { dict.count }
    func iterate(interpreter: Interpreter) throws -> [Value]? { values }
    func contains(_ value: Value) throws -> Bool? {
        if kind == .keys { return try dict.get(value) != nil }
        return nil
    }
    var hashKey: HashKey? { nil }
}
