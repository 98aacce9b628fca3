import Foundation
import Testing

/// A real terminal for end-to-end tests: a private tmux server running one command.
final class TmuxSession {
    let socket: String
    let name = "e2e"
    private static let counter = Counter()

    init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        socket = "iskra-e2e-\(getpid())-\(TmuxSession.counter.next())"
        var arguments = ["-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name,
                         "-x", String(width), "-y", String(height), "-e", "LANG=C.UTF-8"]
        var environment = environment
        // Each session remembers its reading position in a state directory of its own, so
        // one test's position never leaks into the next (nor into the user's own state).
        if environment["XDG_STATE_HOME"] == nil {
            environment["XDG_STATE_HOME"] = NSTemporaryDirectory() + "iskra-e2e-state-\(socket)"
        }
        // And the tests' cache, never the user's ~/.cache.
        if environment["XDG_CACHE_HOME"] == nil { environment["XDG_CACHE_HOME"] = testCacheHome }
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        // The command runs under a shell that prints its exit status and stays alive: tmux
        // alone sometimes marks a pane dead without recording the status.
        arguments.append("\(command); echo \"[exit $?]\"; sleep 600")
        // The server forks from this client and would inherit a pipe on stdout, so the reader
        // would never see end-of-file: start it with no output captured.
        try tmux(arguments, capture: false)
        try tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let full = ["tmux"] + (arguments.first == "-L" ? arguments : ["-L", socket] + arguments)
        // new-session forks the server from this client: it must not inherit a pipe, or the
        // reader would never see end-of-file.
        return try spawnAndWait(full, captureOutput: capture).output
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }
    /// Types text literally (no key-name interpretation).
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }
    func lines() throws -> [String] { try screen().components(separatedBy: "\n") }

    func resize(_ width: Int, _ height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", String(width), "-y", String(height)])
    }

    func display(_ format: String) throws -> String {
        try tmux(["display", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The program's pid: the child of the pane's shell.
    var pid: Int32 {
        let shell = Int32((try? display("#{pane_pid}")) ?? "") ?? 0
        guard shell > 0, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return 0 }
        for entry in entries {
            guard let pid = Int32(entry),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == shell { return pid }
        }
        return 0
    }

    /// The screen once every key sent so far has been handled: the explorer handles keys in
    /// order, so a help opened and closed after them is an explicit marker that they are
    /// done (never two equal captures, which a loaded machine can fake). For reading, not for
    /// the search line, where `?` is typed.
    @discardableResult
    func settled() throws -> String {
        try send("?")
        // Its whole frame: the status bar, drawn last, says the help has the keys.
        try waitUntil("the help open") { $0.contains("Keys — Esc closes") && $0.contains("Help: ") }
        try send("Escape")
        // Closed, and the frame after it drawn to the end (the status bar is drawn last, and a
        // capture can land mid-frame): no help left anywhere.
        return try waitUntil("the help closed") { screen in
            !screen.contains("Keys — Esc closes") && !screen.contains("show or hide this help") && !screen.contains("Help: ")
        }
    }

    /// Waits until the screen holds every one of `texts`: a capture can land mid-frame, so what
    /// a test reads of a frame is waited for, not read from the first capture showing part of it.
    @discardableResult
    func waitForAll(_ texts: [String], timeout: Double = 10) throws -> String {
        try waitUntil(texts.map { "\"\($0)\"" }.joined(separator: ", "), timeout: timeout) { screen in
            texts.allSatisfy(screen.contains)
        }
    }

    /// Polls the screen until `condition` holds (send-keys is asynchronous; never sleep a fixed time).
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(30_000)
        }
        Issue.record("timed out waiting for \(what); screen was:\n\(last)")
        return last
    }

    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10) throws -> String {
        try waitUntil("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Waits for the program to exit; returns its exit status and whether the terminal was
    /// restored (alternate screen off, mouse reporting off).
    func waitForExit(timeout: Double = 10) throws -> (status: Int, alternateScreen: Bool, mouse: Bool) {
        let screen = try waitUntil("the exit status", timeout: timeout) { $0.contains("[exit ") }
        guard let range = screen.range(of: "[exit "),
              let end = screen[range.upperBound...].firstIndex(of: "]"),
              let status = Int(screen[range.upperBound..<end]) else { return (-1, true, true) }
        let flags = try display("#{alternate_on} #{mouse_any_flag}")
        return (status, flags.hasPrefix("1"), flags.hasSuffix("1"))
    }
}

private final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
