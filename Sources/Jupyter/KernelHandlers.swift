import Foundation

/// A request whose content is unusable (e.g. `execute_request` without `code`); answered with
/// an error reply, never fatal.
struct BadRequest: Error, CustomStringConvertible {
    let description: String
}

extension Kernel {
    typealias Handler = (Kernel) -> (Message, RequestChannel) throws -> Void

    /// Requests served on shell (by the interpreter thread).
    static let shellHandlers: [String: Handler] = [
        "execute_request": { $0.execute },
        "kernel_info_request": { $0.kernelInfo },
        "complete_request": { $0.complete },
        "inspect_request": { $0.inspect },
        "is_complete_request": { $0.isComplete },
        "history_request": { $0.historyRequest },
        "comm_info_request": { $0.commInfo },
        "comm_open": { $0.commOpen },
        "comm_msg": { $0.commIgnored },
        "comm_close": { $0.commIgnored },
        // Deprecated on shell since 5.4, still sent by old clients.
        "shutdown_request": { $0.shutdown },
    ]

    /// Requests served on control (by the control thread; never calls into the language).
    static let controlHandlers: [String: Handler] = [
        "kernel_info_request": { $0.kernelInfo },
        "shutdown_request": { $0.shutdown },
        "interrupt_request": { $0.interrupt },
    ]

    /// Routes `message` through the channel's table, wrapped in `status: busy` … `idle` (every
    /// request, kernel_info included: jupyter_client's `wait_for_ready` needs an IOPub message).
    /// A type the table lacks is logged and otherwise ignored; a failing handler is answered
    /// with an error reply and the kernel keeps serving.
    func dispatch(_ message: Message, on channel: RequestChannel) {
        let parent = message.header.json
        iopub.publishStatus("busy", parent: parent)
        defer { iopub.publishStatus("idle", parent: parent) }
        let table = channel === control ? Self.controlHandlers : Self.shellHandlers
        guard let handler = table[message.msgType] else {
            KernelLog.info("ignoring unknown message type \"\(message.msgType)\" on \(channel.name)")
            return
        }
        do {
            try handler(self)(message, channel)
        } catch {
            KernelLog.error("\(message.msgType) failed: \(error)")
            reply(to: message, on: channel, type: Self.replyType(of: message.msgType),
                  content: ["status": "error", "ename": .string(String(describing: type(of: error))),
                            "evalue": .string(String(describing: error)), "traceback": []])
        }
    }

    /// `foo_request` → `foo_reply`.
    static func replyType(of requestType: String) -> String {
        requestType.hasSuffix("_request") ? String(requestType.dropLast("_request".count)) + "_reply" : requestType + "_reply"
    }

    // MARK: - execute

    private func execute(_ message: Message, _ channel: RequestChannel) throws {
        let content = message.content
        guard let code = content["code"]?.stringValue else { throw BadRequest(description: "execute_request without code") }
        let silent = content["silent"]?.boolValue ?? false
        let storeHistory = silent ? false : (content["store_history"]?.boolValue ?? true)
        let stopOnError = content["stop_on_error"]?.boolValue ?? true
        var userExpressions: [String: String] = [:]
        for (name, value) in content["user_expressions"]?.objectValue ?? [:] {
            if let expression = value.stringValue { userExpressions[name] = expression }
        }
        if storeHistory { executionCount += 1 }
        let count = executionCount
        let parent = message.header.json
        if !silent {
            iopub.publish("execute_input", content: ["code": .string(code), "execution_count": .int(count)], parent: parent)
        }
        let request = ExecuteRequest(code: code, silent: silent, storeHistory: storeHistory,
                                     userExpressions: userExpressions,
                                     allowStdin: content["allow_stdin"]?.boolValue ?? true,
                                     stopOnError: stopOnError, executionCount: count)
        let output = CellOutput(iopub: iopub, stdin: stdin, request: message, silent: silent,
                                allowStdin: request.allowStdin)
        // An interrupt sent while the kernel was idle must not stop this cell.
        if !Interrupts.isTerminationRequested { Interrupts.clearInterrupt() }
        let outcome = language.execute(request, output: output)

        if storeHistory {
            var text: String?
            if case .ok(let result?) = outcome { text = result.data["text/plain"]?.stringValue }
            history.append(.init(line: count, input: code, output: text))
        }
        var replyContent: [String: JSONValue] = ["execution_count": .int(count)]
        var failed = false
        switch outcome {
        case .ok(let result):
            if let result, !silent {
                iopub.publish("execute_result", content: ["execution_count": .int(count), "data": .object(result.data),
                                                          "metadata": .object(result.metadata)], parent: parent)
            }
            replyContent["status"] = "ok"
            replyContent["user_expressions"] = [:]
            replyContent["payload"] = .array(output.payloads)
        case .error(let ename, let evalue, let traceback):
            let error: [String: JSONValue] = ["ename": .string(ename), "evalue": .string(evalue),
                                              "traceback": .array(traceback.map { .string($0) })]
            if !silent { iopub.publish("error", content: .object(error), parent: parent) }
            replyContent.merge(error) { _, new in new }
            replyContent["status"] = "error"
            failed = true
        }
        // Requests queued while the cell ran are aborted (after this request's idle, see
        // `shellLoop`); they are taken now, before the reply, so a request a client sends after
        // seeing the error reply always runs.
        if failed && stopOnError {
            while let frames = shell.socket.receive(timeoutMilliseconds: 0) { abortQueue.append(frames) }
        }
        // `reply` sends all output of the cell before the reply itself.
        reply(to: message, on: channel, type: "execute_reply", content: .object(replyContent),
              metadata: ["status": replyContent["status"] ?? "ok"])
    }

    /// `stop_on_error`: answers every execute_request already waiting on shell with an error
    /// reply without running it (as ipykernel and xeus do); other queued requests are served.
    func abortQueuedExecutes(_ queued: [[Data]]) {
        for frames in queued {
            guard let message = try? codec.decode(frames), message.msgType == "execute_request" else {
                handle(frames, on: shell)
                continue
            }
            let parent = message.header.json
            iopub.publishStatus("busy", parent: parent)
            reply(to: message, on: shell, type: "execute_reply",
                  content: ["status": "error", "execution_count": .int(executionCount),
                            "ename": "ExecutionAborted",
                            "evalue": "not run: an earlier cell failed (stop_on_error)", "traceback": []])
            iopub.publishStatus("idle", parent: parent)
        }
    }

    // MARK: - Introspection

    private func kernelInfo(_ message: Message, _ channel: RequestChannel) throws {
        let info = languageInfo
        reply(to: message, on: channel, type: "kernel_info_reply", content: [
            "status": "ok",
            "protocol_version": .string(configuration.protocolVersion),
            "implementation": .string(configuration.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": info.languageInfoJSON,
            "banner": .string(info.banner),
            "help_links": .array(info.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
            "supported_features": [],
        ])
    }

    /// `cursor_pos` of a request, defaulting to the end of `code` (code points).
    private func cursor(_ content: JSONValue, code: String) -> Int {
        let length = code.unicodeScalars.count
        guard let position = content["cursor_pos"]?.intValue else { return length }
        return min(max(position, 0), length)
    }

    private func complete(_ message: Message, _ channel: RequestChannel) throws {
        guard let code = message.content["code"]?.stringValue else { throw BadRequest(description: "complete_request without code") }
        let result = language.complete(code: code, cursorPosition: cursor(message.content, code: code))
        reply(to: message, on: channel, type: "complete_reply", content: [
            "status": "ok", "matches": .array(result.matches.map { .string($0) }),
            "cursor_start": .int(result.cursorStart), "cursor_end": .int(result.cursorEnd),
            "metadata": .object(result.metadata),
        ])
    }

    private func inspect(_ message: Message, _ channel: RequestChannel) throws {
        guard let code = message.content["code"]?.stringValue else { throw BadRequest(description: "inspect_request without code") }
        let detail = message.content["detail_level"]?.intValue ?? 0
        let result = language.inspect(code: code, cursorPosition: cursor(message.content, code: code), detailLevel: detail)
        reply(to: message, on: channel, type: "inspect_reply", content: [
            "status": "ok", "found": .bool(result.bundle != nil),
            "data": .object(result.bundle?.data ?? [:]), "metadata": .object(result.bundle?.metadata ?? [:]),
        ])
    }

    private func isComplete(_ message: Message, _ channel: RequestChannel) throws {
        guard let code = message.content["code"]?.stringValue else { throw BadRequest(description: "is_complete_request without code") }
        let content: JSONValue
        switch language.isComplete(code: code) {
        case .complete: content = ["status": "complete"]
        case .incomplete(let indent): content = ["status": "incomplete", "indent": .string(indent)]
        case .invalid: content = ["status": "invalid"]
        case .unknown: content = ["status": "unknown"]
        }
        reply(to: message, on: channel, type: "is_complete_reply", content: content)
    }

    /// `tail`, `range` and `search` over this session's cells (see `ExecutionHistory`).
    private func historyRequest(_ message: Message, _ channel: RequestChannel) throws {
        reply(to: message, on: channel, type: "history_reply",
              content: ["status": "ok", "history": history.reply(to: message.content)])
    }

    // MARK: - Comms (none are supported)

    private func commInfo(_ message: Message, _ channel: RequestChannel) throws {
        reply(to: message, on: channel, type: "comm_info_reply", content: ["status": "ok", "comms": [:]])
    }

    /// No comm targets exist: close the comm at once, as ipykernel does for an unknown target.
    private func commOpen(_ message: Message, _ channel: RequestChannel) throws {
        guard let id = message.content["comm_id"]?.stringValue else { return }
        KernelLog.info("no comm target \"\(message.content["target_name"]?.stringValue ?? "")\"; closing comm \(id)")
        iopub.publish("comm_close", content: ["comm_id": .string(id), "data": [:]], parent: message.header.json)
    }

    private func commIgnored(_ message: Message, _ channel: RequestChannel) throws {}

    // MARK: - Lifecycle

    /// Replies, then asks every loop to stop; `run()` returns once the interpreter thread ends.
    private func shutdown(_ message: Message, _ channel: RequestChannel) throws {
        let restart = message.content["restart"]?.boolValue ?? false
        restartRequested.store(restart, ordering: .relaxed)
        reply(to: message, on: channel, type: "shutdown_reply", content: ["status": "ok", "restart": .bool(restart)])
        KernelLog.info("shutdown requested (restart: \(restart))")
        Interrupts.requestTermination()
        Interrupts.requestInterrupt()
    }

    /// `interrupt_mode: message`: the same flag SIGINT sets.
    private func interrupt(_ message: Message, _ channel: RequestChannel) throws {
        Interrupts.requestInterrupt()
        reply(to: message, on: channel, type: "interrupt_reply", content: ["status": "ok"])
    }
}
