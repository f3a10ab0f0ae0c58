import Builtins
import Foundation
import Script
import XCTest

/// A sink that records nothing; the namespaces under test do not print.
final class NumpyTestSink: OutputSink {
    func write(_ text: String, to stream: StreamName) {}
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {}
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String { "" }
    func takeInterrupt() -> Bool { false }
}

let npTestInterpreter = Interpreter(sink: NumpyTestSink())

/// `module.name(*positional, **keywords)`.
func npCall(_ module: ModuleObject, _ name: String, _ positional: [Value] = [],
                _ keywords: [(name: String, value: Value)] = []) throws -> Value {
    guard let member = module.member(name) else { throw ScriptError(.attributeError, "no member \(name)") }
    return try npTestInterpreter.call(member, Arguments(positional, keywords: keywords))
}

/// `value.name` for an object value.
func npAttribute(_ value: Value, _ name: String) throws -> Value {
    guard case .object(let o) = value, let a = try o.attribute(name, interpreter: npTestInterpreter) else {
        throw ScriptError(.attributeError, "no attribute \(name)")
    }
    return a
}

/// `value.name(*positional, **keywords)`.
func npMethod(_ value: Value, _ name: String, _ positional: [Value] = [],
                _ keywords: [(name: String, value: Value)] = []) throws -> Value {
    try npTestInterpreter.call(try npAttribute(value, name), Arguments(positional, keywords: keywords))
}

/// `value[index]`.
func npSubscript(_ value: Value, _ index: Value) throws -> Value {
    guard case .object(let o) = value, let r = try o.item(index, interpreter: npTestInterpreter) else {
        throw ScriptError(.typeError, "not subscriptable")
    }
    return r
}

/// `value op other` through the object protocol.
func npBinary(_ value: Value, _ op: BinaryOperator, _ other: Value) throws -> Value {
    guard case .object(let o) = value, let r = try o.binary(op, other, reflected: false) else {
        throw ScriptError(.typeError, "unsupported operand")
    }
    return r
}

func npList(_ values: [Value]) -> Value { .list(ListObject(values)) }

/// Asserts `body` throws a ScriptError of `kind` with `message`.
func npAssertScriptError(_ kind: ExceptionKind, _ message: String, file: StaticString = #filePath, line: UInt = #line,
                       _ body: () throws -> Value) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
        guard let e = error as? ScriptError else { return XCTFail("not a ScriptError: \(error)", file: file, line: line) }
        XCTAssertEqual(e.kind, kind, file: file, line: line)
        XCTAssertEqual(e.message, message, file: file, line: line)
    }
}
