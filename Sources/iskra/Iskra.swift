import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import CStandardStreams
import IskraCore
import TextUI

@main
struct Iskra: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iskra",
        abstract: "A terminal explorer for source-rich history texts.",
        discussion: """
            iskra [FILE] [--fresh] [--no-mouse] [--color auto|always|never]
              opens the explorer on FILE (default: the bundled book); see `iskra open --help`.
            In the explorer, ? lists every key.
            """,
        subcommands: [Open.self, Export.self, Search.self, People.self, Sources.self, Links.self, Bookmarks.self, Notes.self, Cite.self, Timeline.self, Cache.self, Bench.self],
        defaultSubcommand: Open.self
    )

    /// The subcommands' names spelled out, so that `iskra [FILE]` need not build the command
    /// tree (its type metadata costs about a millisecond before the first frame). Debug
    /// builds, which the tests run, check it against the tree.
    static let subcommandNames: Set<String> = [
        "open", "export", "search", "people", "sources", "links", "bookmarks", "notes", "cite", "timeline", "cache", "bench", "help",
    ]

    static func main() {
        assert(subcommandNames == Set(configuration.subcommands.map { $0._commandName } + ["help"]),
               "Iskra.subcommandNames is out of date")
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let first = arguments.first, let guess = misspelledSubcommand(first) {
            fail("unknown command '\(first)' (did you mean 'iskra \(guess)'?)", code: 64)
        }
        if let options = ExplorerOptions(fastPath: arguments, subcommands: subcommandNames) {
            openExplorer(options)
            return
        }
        checkStandardOutputAtExit()
        if let count = CachedCount(fastPath: arguments) { count.runIfCached() }
        main(searchQueryFirst(arguments))
    }
}

/// The subcommand `word` is probably a typo for: a bare word (not an option, not a path, not
/// an existing file) within two edits of a subcommand's name.
func misspelledSubcommand(_ word: String) -> String? {
    guard !word.hasPrefix("-"), !word.contains("/"), !word.contains("."), !Iskra.subcommandNames.contains(word),
          access(word, F_OK) != 0 else { return nil }
    let typed = word.lowercased()
    func distance(_ name: String) -> Int { editDistance(typed, name) }
    let best = Iskra.subcommandNames.filter { $0 != "help" }.map { ($0, distance($0)) }.min { $0.1 < $1.1 }
    guard let (name, edits) = best, edits <= 2, edits < typed.count else { return nil }
    return name
}

/// The book every command reads: one definition, so its help and checks are the same everywhere.
struct BookArgument: ParsableArguments {
    @Argument(help: "A book in plain UTF-8 text (default: the bundled book).")
    var file: String?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the cache of what is derived from the book (see `iskra cache`).")
    var noCache = false

    /// The cache to use: none with --no-cache. Opening it says once what is wrong with its
    /// settings, so it is opened once per command.
    func openCache() -> BookCache? { noCache ? nil : commandLineCache() }
}

/// `iskra search "-lenin kronstadt"`: a query may start with `-`. Search has no short options
/// but `-h`, so an argument with a single dash is the query or the file; the options come
/// first and `--` ends them before the query and the file.
func searchQueryFirst(_ arguments: [String]) -> [String] {
    guard arguments.first == "search" else { return arguments }
    var options: [String] = [], positionals: [String] = []
    var rest = arguments.dropFirst()[...]
    let takingValues: Set<String> = ["--width", "--copies"]
    while let argument = rest.popFirst() {
        if argument == "--" {
            positionals += rest
            break
        }
        if argument.hasPrefix("--") || argument == "-h" {
            options.append(argument)
            if takingValues.contains(argument), let value = rest.popFirst() { options.append(value) }
        } else {
            positionals.append(argument)
        }
    }
    return ["search"] + options + (positionals.isEmpty ? [] : ["--"] + positionals)
}

/// Prints a one-line error and exits with `code`, without a stack trace.
func fail(_ message: String, code: Int32 = 1) -> Never {
    printError("iskra: \(message)")
    Iskra.exit(withError: ExitCode(code))
}

/// Messages quote file names, register lines and book text: made safe for the terminal.
/// Prints a JSON value, indented by two, and a newline: a piece at a time as it is written,
/// through stdout's buffer as print writes (a 100 MB book's export is 240 MB of JSON).
func printJSON(_ value: JSON) {
    value.write(indent: 2) { piece in
        _ = piece.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, iskra_standard_output()) }
    }
    print()
}

func printError(_ message: String) {
    var standardError = StandardError()
    print(VisibleText.sanitizeLines(message), to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// Checked when the process exits: output that could not be written (a full disk, a closed
/// pipe) is an error, as grep says "write error" and exits 2, not a silent truncation.
func checkStandardOutputAtExit() {
    atexit {
        let stream = iskra_standard_output()
        let flushFailed = fflush(stream) != 0
        let reason = errno
        // An earlier failed write leaves the error flag set, and perhaps nothing to flush.
        if flushFailed || ferror(stream) != 0 {
            let why = flushFailed ? String(cString: strerror(reason)) : "output was cut short"
            var message = Array("iskra: write error: \(why)\n".utf8)
            _ = message.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
            _exit(2)
        }
    }
}
