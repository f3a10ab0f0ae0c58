import Script

/// An output sink that records what a script writes, for the tests.
final class TestSink: OutputSink {
    var stdout = ""
    var stderr = ""
    var displays: [[String: String]] = []
    var inputs: [String] = []
    var pendingInterrupts = 0

    func write(_ text: String, to stream: StreamName) {
        if stream == .stdout { stdout += text } else { stderr += text }
    }
    func display(_ data: [String: String], metadata: [String: String], displayID: String?, update: Bool) {
        displays.append(data)
    }
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String {
        stdout += prompt
        guard !inputs.isEmpty else { throw ScriptError(.runtimeError, "no input available") }
        return inputs.removeFirst()
    }
    func takeInterrupt() -> Bool {
        guard pendingInterrupts > 0 else { return false }
        pendingInterrupts -= 1
        return pendingInterrupts == 0
    }
}
