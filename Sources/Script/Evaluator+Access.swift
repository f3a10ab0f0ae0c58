/// Attributes, subscripts, slices and iteration of values.
extension Interpreter {
    /// `value.name`: an object's attribute, or a bound method of a built-in type.
    /// - Throws: `AttributeError` with CPython's wording.
    public func attribute(of value: Value, _ name: String) throws -> Value {
        if case .object(let object) = value {
            if let result = try object.attribute(name, interpreter: self) { return result }
            throw attributeError(value, name)
        }
        guard methodNames(forType: value.typeName).contains(name) else {
            if let property = try valueProperty(value, name) { return property }
            throw attributeError(value, name)
        }
        return .object(BuiltinFunction(name) { [unowned self] arguments, _ in
            try self.callMethod(value, name, arguments)
        })
    }

    /// Non-method attributes of scalars (`x.real`, `x.imag`, `f.is_integer` is a method).
    private func valueProperty(_ value: Value, _ name: String) throws -> Value? {
        switch (value, name) {
        case (.int, "real"), (.float, "real"): return value
        case (.int, "imag"): return .int(0)
        case (.float, "imag"): return .float(0)
        case (.int, "numerator"): return value
        case (.int, "denominator"): return .int(1)
        default: return nil
        }
    }

    func hasAttribute(_ value: Value, _ name: String) throws -> Bool {
        if case .object(let object) = value { return try object.attribute(name, interpreter: self) != nil }
        let property = try valueProperty(value, name)
        return methodNames(forType: value.typeName).contains(name) || property != nil
    }

    func attributeError(_ value: Value, _ name: String) -> ScriptError {
        if case .object(let object) = value {
            if let module = object as? ModuleObject {
                return ScriptError(.attributeError, "module '\(module.name)' has no attribute '\(name)'")
            }
            if let type = object as? TypeObject {
                return ScriptError(.attributeError, "type object '\(type.name)' has no attribute '\(name)'")
            }
        }
        return ScriptError(.attributeError, "'\(value.typeName)' object has no attribute '\(name)'")
    }

    /// `container[index]`.
    public func subscriptValue(_ container: Value, _ index: Value) throws -> Value {
        switch container {
        case .list(let list):
            if let slice = index.asSlice { return .list(ListObject(try sliced(list.items, slice))) }
            return list.items[try position(index, count: list.items.count, type: "list")]
        case .tuple(let items):
            if let slice = index.asSlice { return .tuple(try sliced(items, slice)) }
            return items[try position(index, count: items.count, type: "tuple")]
        case .str(let s):
            // Python indexes strings by code point.
            let scalars = Array(s.unicodeScalars)
            if let slice = index.asSlice { return .str(String(String.UnicodeScalarView(try sliced(scalars, slice)))) }
            return .str(String(scalars[try position(index, count: scalars.count, type: "string")]))
        case .dict(let dict):
            if let value = try dict.get(index) { return value }
            throw ScriptError(.keyError, Value.reprOf(index))
        case .object(let object):
            if let value = try object.item(index, interpreter: self) { return value }
            if let type = object as? TypeObject {
                // `list[int]`-style generic aliases are accepted and return the type itself.
                return .object(type)
            }
            throw ScriptError(.typeError, "'\(object.typeName)' object is not subscriptable")
        default:
            throw ScriptError(.typeError, "'\(container.typeName)' object is not subscriptable")
        }
    }

    /// The position `index` names in a sequence of `count` items.
    /// - Throws: `IndexError` "`type` index out of range", `TypeError` for non-integers.
    func position(_ index: Value, count: Int, type: String, assignment: Bool = false) throws -> Int {
        guard let i = index.asIndex else {
            let what = type == "string" ? "string indices" : "\(type) indices"
            throw ScriptError(.typeError, "\(what) must be integers\(type == "string" ? "" : " or slices"), not \(index.typeName)")
        }
        let p = i < 0 ? i + count : i
        guard p >= 0 && p < count else {
            throw ScriptError(.indexError, "\(type) \(assignment ? "assignment " : "")index out of range")
        }
        return p
    }

    func sliced<T>(_ items: [T], _ slice: SliceObject) throws -> [T] {
        let (start, _, step, count) = try slice.indices(length: items.count)
        if step == 1 { return Array(items[start..<(start + count)]) }
        var result: [T] = []
        result.reserveCapacity(count)
        var i = start
        for _ in 0..<count {
            result.append(items[i])
            i += step
        }
        return result
    }

    /// `container[index] = value`.
    public func setItem(_ container: Value, _ index: Value, _ value: Value) throws {
        switch container {
        case .list(let list):
            if let slice = index.asSlice {
                let replacement = try iterate(value)
                let (start, stop, step, count) = try slice.indices(length: list.items.count)
                if step == 1 {
                    let end = max(start, stop)
                    list.items.replaceSubrange(start..<end, with: replacement)
                } else {
                    guard replacement.count == count else {
                        throw ScriptError(.valueError, "attempt to assign sequence of size \(replacement.count) to extended slice of size \(count)")
                    }
                    var i = start
                    for item in replacement {
                        list.items[i] = item
                        i += step
                    }
                }
                return
            }
            list.items[try position(index, count: list.items.count, type: "list", assignment: true)] = value
        case .dict(let dict):
            try dict.set(index, value)
        case .object(let object):
            if try object.setItem(index, to: value, interpreter: self) { return }
            throw ScriptError(.typeError, "'\(object.typeName)' object does not support item assignment")
        default:
            throw ScriptError(.typeError, "'\(container.typeName)' object does not support item assignment")
        }
    }

    /// `del container[index]`.
    func deleteItem(_ container: Value, _ index: Value) throws {
        switch container {
        case .list(let list):
            if let slice = index.asSlice {
                let (start, _, step, count) = try slice.indices(length: list.items.count)
                var doomed = Set<Int>()
                var i = start
                for _ in 0..<count { doomed.insert(i); i += step }
                list.items = list.items.enumerated().filter { !doomed.contains($0.offset) }.map { $0.element }
                return
            }
            list.items.remove(at: try position(index, count: list.items.count, type: "list", assignment: true))
        case .dict(let dict):
            if try dict.remove(index) == nil { throw ScriptError(.keyError, Value.reprOf(index)) }
        default:
            throw ScriptError(.typeError, "'\(container.typeName)' object doesn't support item deletion")
        }
    }

    /// The values of an iterable, or `nil` when `value` is not iterable.
    func iterateIfPossible(_ value: Value) throws -> [Value]? {
        switch value {
        case .none, .bool, .int, .float: return nil
        case .object(let o): return try o.iterate(interpreter: self)
        default: return try iterate(value)
        }
    }

    /// The values `for x in value` visits.
    /// - Throws: `TypeError` "'int' object is not iterable".
    public func iterate(_ value: Value) throws -> [Value] {
        switch value {
        case .list(let l): return l.items
        case .tuple(let t): return t
        case .str(let s): return s.unicodeScalars.map { .str(String($0)) }
        case .dict(let d): return d.keys
        case .set(let s): return s.members
        case .object(let o):
            if let items = try o.iterate(interpreter: self) { return items }
            throw ScriptError(.typeError, "'\(o.typeName)' object is not iterable")
        default:
            throw ScriptError(.typeError, "'\(value.typeName)' object is not iterable")
        }
    }
}

extension Value {
    var asSlice: SliceObject? {
        if case .object(let o) = self { return o as? SliceObject }
        return nil
    }
}
