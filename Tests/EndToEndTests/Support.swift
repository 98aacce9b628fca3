import Foundation

/// Paths in this repository and the debug binary that `make test` builds before the tests.
enum Repo {
    static let root: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/")
    }()
    static let binary = ProcessInfo.processInfo.environment["ISKRA_BIN"] ?? root + "/.build/debug/iskra"
    static let book = root + "/Content/leon-trotsky.txt"
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the iskra binary with stdin from /dev/null, capturing both outputs.
func runIskra(_ arguments: [String], environment: [String: String] = [:], executable: String = Repo.binary,
              prefix: [String] = []) throws -> RunResult {
    let process = Process()
    if prefix.isEmpty {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
    } else {
        process.executableURL = URL(fileURLWithPath: prefix[0])
        process.arguments = Array(prefix.dropFirst()) + [executable] + arguments
    }
    var env = ProcessInfo.processInfo.environment
    // The tests' cache is their own, never the user's ~/.cache (a test may set another).
    env["XDG_CACHE_HOME"] = testCacheHome
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try process.run()
    // Read before waiting so a large output cannot fill the pipe and block the child.
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    let stderrData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: stdoutData, as: UTF8.self),
                     stderr: String(decoding: stderrData, as: UTF8.self))
}

/// The cache directory every run of the binary shares unless a test gives its own.
let testCacheHome = NSTemporaryDirectory() + "iskra-e2e-cache-\(getpid())"

func temporaryDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "iskra-e2e-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs a program found on PATH and waits for it with waitpid (Foundation's Process can miss
/// the exit of a child whose own child daemonizes, as tmux's server does).
func spawnAndWait(_ arguments: [String], captureOutput: Bool) throws -> (status: Int32, output: String) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    var pipeEnds: [Int32] = [-1, -1]
    if captureOutput {
        guard pipe(&pipeEnds) == 0 else { throw SpawnError(message: "pipe failed") }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
    } else {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // The test runner may block or ignore signals; the child must start with the defaults.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var emptyMask = sigset_t()
    sigemptyset(&emptyMask)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &emptyMask)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
    if captureOutput { close(pipeEnds[1]) }
    guard status == 0 else {
        if captureOutput { close(pipeEnds[0]) }
        throw SpawnError(message: "cannot run \(arguments[0]): \(String(cString: strerror(status)))")
    }
    var output: [UInt8] = []
    if captureOutput {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(pipeEnds[0], $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            output += chunk[0..<count]
        }
        close(pipeEnds[0])
    }
    var waitStatus: Int32 = 0
    while waitpid(pid, &waitStatus, 0) < 0 && errno == EINTR {}
    let exitCode = (waitStatus & 0x7f) == 0 ? (waitStatus >> 8) & 0xff : 128 + (waitStatus & 0x7f)
    return (exitCode, String(decoding: output, as: UTF8.self))
}

struct SpawnError: Error { var message: String }
