import Explorer
import IskraCore
import TextUI
#if canImport(Glibc)
import Glibc
#endif

// Peak memory for opening a large book, measured in a child process (`iskra bench
// --peak-rss-of FILE`) so that nothing else the benchmark allocated counts. Kept apart from
// the timing benchmarks in BenchCommand.swift.

enum BenchMemory {
    /// The target: peak RSS under 3 x file size + 20 MB.
    static func targetBytes(fileSize: Int) -> Int { 3 * fileSize + 20 * 1_048_576 }

    /// In the child: load the book the way the explorer does (read, parse, Book, first
    /// layout), then print "peak_rss_kb load_ms" and nothing else.
    static func childMain(path: String) -> Never {
        let clock = ContinuousClock()
        let start = clock.now
        let book: Book
        // The register of the bundled book matches people in the large one, as the explorer would.
        let register = loadRegisterOrFail(for: nil)
        do { book = try BookLoader.load(path: path, register: register ?? nil).book } catch { fail(error.description) }
        // As the explorer holds it once its background jobs are done: the index and the sources catalog.
        let state = AppState(book: book, size: .init(width: 120, height: 40), search: BookSearch(book: book),
                             catalog: SourceCatalog(book: book))
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        withExtendedLifetime(state) {
            print("\(statusKilobytes("VmHWM:") ?? 0) \(milliseconds)")
        }
        exit(0)
    }

    /// A field of /proc/self/status in kB ("VmHWM:" is the peak resident set).
    static func statusKilobytes(_ field: String) -> Int? {
        guard let file = fopen("/proc/self/status", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix(field) {
                return Int(text.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
            }
        }
        return nil
    }

    struct Result {
        var fileBytes: Int
        var peakKilobytes: Int
        var loadMilliseconds: Double
        var withinTarget: Bool { peakKilobytes * 1024 <= BenchMemory.targetBytes(fileSize: fileBytes) }
    }

    /// Writes `megabytes` of the book repeated into a temporary file, measures opening it in a
    /// child process, and removes the file.
    static func measureLargeBook(book bytes: [UInt8], megabytes: Int) -> Result? {
        guard !bytes.isEmpty, megabytes > 0 else { return nil }
        var template = Array("/tmp/iskra-bench-XXXXXX".utf8CString)
        guard let directory = mkdtemp(&template) else { return nil }
        let directoryPath = String(cString: directory)
        let copies = max(1, megabytes * 1_048_576 / (bytes.count + 2))
        let path = directoryPath + "/leon-trotsky-x\(copies).txt"
        defer { unlink(path); rmdir(directoryPath) }
        guard let file = fopen(path, "w") else { return nil }
        let separated = bytes + [0x0A, 0x0A]
        for _ in 0..<copies { _ = separated.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) } }
        fclose(file)
        guard let output = runSelf(["bench", "--peak-rss-of", path]) else { return nil }
        let fields = output.split(separator: " ")
        guard fields.count == 2, let peak = Int(fields[0]),
              let milliseconds = Double(fields[1].trimmingCharacters(in: "\n")) else { return nil }
        return Result(fileBytes: copies * separated.count, peakKilobytes: peak, loadMilliseconds: milliseconds)
    }

    /// Runs this executable with `arguments`, returning its standard output (nil on failure).
    static func runSelf(_ arguments: [String]) -> String? {
        guard let child = spawnSelf(arguments) else { return nil }
        let output = readToEnd(child.output)
        guard waitExit(child.pid) == 0 else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    /// Everything a pipe gives until its writer closes it; the pipe is closed then.
    /// Reads a pipe to its end; keeps at most `keeping` bytes of it (a command's JSON for a
    /// 100 MB book is hundreds of megabytes, read and dropped).
    static func readToEnd(_ descriptor: Int32, keeping: Int = .max) -> [UInt8] {
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            if output.count < keeping { output += chunk[0 ..< min(count, keeping - output.count)] }
        }
        close(descriptor)
        return output
    }

    /// Starts this executable with `arguments` (and `environment` added to ours), its standard
    /// output on a pipe whose reading end is returned.
    static func spawnSelf(_ arguments: [String], environment: [String] = []) -> (pid: pid_t, output: Int32)? {
        guard let executable = BundledContent.executablePath() else { return nil }
        return spawn(executable, arguments, environment: environment)
    }

    /// Starts `program` with `arguments` and our environment, `environment` (`NAME=value`)
    /// replacing what it names; its standard output on a pipe whose reading end is returned.
    static func spawn(_ program: String, _ arguments: [String], environment: [String]) -> (pid: pid_t, output: Int32)? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        var inherited: [String] = []
        var pointer = environ
        while let entry = pointer.pointee { inherited.append(String(cString: entry)); pointer += 1 }
        let names = Set(environment.map { $0.prefix { $0 != "=" } })
        inherited.removeAll { names.contains($0.prefix { $0 != "=" }) }
        let envp: [UnsafeMutablePointer<CChar>?] = (inherited + environment).map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, program, &actions, nil, argv, envp)
        close(ends[1])
        guard status == 0 else { close(ends[0]); return nil }
        return (pid, ends[0])
    }

    /// Waits for a child; its wait status.
    static func waitExit(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
