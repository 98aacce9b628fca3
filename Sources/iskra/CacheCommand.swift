import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import IskraCore
import TextUI

extension Iskra {
    struct Cache: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the books in the cache, or clear it.",
            discussion: """
            What iskra derives from a book (its people and their mentions, the search index, \
            the sources' metadata and links, the dates) is kept in $XDG_CACHE_HOME/iskra \
            (default ~/.cache/iskra), one file per book, up to ISKRA_CACHE_LIMIT bytes \
            (default 1G; K, M, G or T suffixes; 0 keeps nothing), the least recently used \
            going first. Every command and the explorer use it; --no-cache bypasses it. A \
            book that changed is never served from the cache; deleting the directory is \
            always safe. --json prints {"directory", "limit", "bytes", "books":[{"name", \
            "file", "bytes", "bookBytes", "lastUsed", "damaged", "parts"}]}.
            """)

        @Argument(help: ArgumentHelp("`clear` empties the cache.", valueName: "action"))
        var action: String?

        @Flag(help: "Print the list as JSON.")
        var json = false

        func run() throws {
            guard let cache = commandLineCache() else { throw ExitCode(1) }
            switch action {
            case nil:
                let entries = cache.entries()
                let total = entries.reduce(0) { $0 + $1.bytes }
                if json {
                    print(JSON.object([
                        ("directory", .string(cache.directory)), ("limit", .int(cache.limitBytes)), ("bytes", .int(total)),
                        ("books", .array(entries.map { entry in
                            .object([("name", .string(entry.bookName)), ("file", .string(entry.fileName)),
                                     ("bytes", .int(entry.bytes)), ("bookBytes", .int(entry.bookBytes)),
                                     ("lastUsed", .string(StateTime.iso8601(entry.lastUsed))), ("damaged", .bool(entry.damaged)),
                                     ("parts", .array(entry.parts.map(JSON.string)))])
                        })),
                    ]).serialized(indent: 2))
                } else {
                    // A directory not made yet (nothing cached, or it cannot be made) is said to be so.
                    let made = access(cache.directory, F_OK) == 0 ? "" : " (not created yet)"
                    print("\(cache.directory)\(made): \(entries.count) book\(entries.count == 1 ? "" : "s"), "
                          + "\(describeBytes(total)) of \(describeBytes(cache.limitBytes))")
                    for entry in entries {
                        let name = VisibleText.sanitize(entry.bookName) + (entry.damaged ? " (damaged: rebuilt when next used)" : "")
                        let parts = entry.parts.isEmpty ? "" : " (" + entry.parts.joined(separator: ", ") + ")"
                        print("  " + describeBytes(entry.bytes).padding(to: 9) + StateTime.iso8601(entry.lastUsed) + "  " + name + parts)
                    }
                }
            case "clear":
                let removed = cache.clear()
                print("\(cache.directory): removed \(removed) book\(removed == 1 ? "" : "s")")
            case let other?:
                throw ValidationError("unknown action '\(other)' (the only action is 'clear')")
            }
        }
    }
}

func describeBytes(_ bytes: Int) -> String {
    if bytes >= 1 << 30 && bytes % (1 << 30) == 0 { return "\(bytes >> 30) GB" }
    if bytes >= 1 << 20 { return "\(bytes >> 20) MB" }
    if bytes >= 1 << 10 { return "\(bytes >> 10) KB" }
    return "\(bytes) B"
}

/// The cache as the environment configures it; problems with the configuration on stderr.
func commandLineCache() -> BookCache? {
    let (cache, problem) = BookCache.fromEnvironment()
    if let problem { printError("iskra: " + problem) }
    return cache
}

/// The files beside a book that change what is derived from it: its people register and its
/// metadata sidecar (`book.txt` -> `book.people`, `book.meta`).
func companionPaths(ofBook path: String) -> [String] {
    let stem = bookStem(path)
    return [stem + ".people", stem + ".meta"]
}

/// A book's path without its extension (`dir/book.txt` -> `dir/book`; `.hidden` stays).
func bookStem(_ path: String) -> String {
    let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
    if let dot = path[nameStart...].lastIndex(of: "."), dot > nameStart { return String(path[..<dot]) }
    return path
}

func fileName(of path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}

/// `iskra search QUERY [FILE] --count` on a cached book, read straight from the arguments:
/// swift-argument-parser's command tree costs several milliseconds of runtime type lookups
/// before it runs anything, more than answering from the cache does. Anything else on the
/// line (another option, `-h`, `--no-cache`) goes the ordinary way, as does a book that is
/// not cached (which then caches it).
struct CachedCount {
    var query: String
    var file: String?

    init?(fastPath arguments: [String]) {
        guard arguments.first == "search" else { return nil }
        var positionals: [String] = []
        var counted = false
        var rest = arguments.dropFirst()[...]
        while let argument = rest.popFirst() {
            if argument == "--" { positionals += rest; break }
            if argument == "--count" { counted = true; continue }
            if argument.hasPrefix("--") || argument == "-h" { return nil }
            positionals.append(argument)
        }
        guard counted, positionals.count == 1 || positionals.count == 2 else { return nil }
        query = positionals[0]
        file = positionals.count == 2 ? positionals[1] : nil
    }

    /// Prints the count and exits when the cache can answer; returns otherwise.
    func runIfCached() {
        let parsed = SearchQuery(query)
        guard MappedSearchIndex.canCount(parsed), parsed.ignored.isEmpty,
              let cache = BookCache.fromEnvironment().cache else { return }
        let bookPath = file ?? BundledContent.bookPath
        guard let key = cache.key(forBookAt: bookPath, companions: companionPaths(ofBook: bookPath)),
              let index = cache.openSearchIndex(key), let hits = index.count(parsed) else { return }
        print(hits)
        exit(hits == 0 ? 1 : 0)
    }
}
