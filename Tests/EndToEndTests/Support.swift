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

func temporaryDirectory(_ name: String) throws -> String {
    let path = NSTemporaryDirectory() + "iskra-e2e-\(name)-\(getpid())"
    try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}
