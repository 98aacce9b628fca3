import Foundation
import IskraCore
import Testing
import TextUI
@testable import Explorer

enum Fixtures {
    static let root: String = {
        var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        components.removeLast(3)
        return components.joined(separator: "/")
    }()
    static let book = Book(document: try! BookFile.load(path: root + "/Content/leon-trotsky.txt"),
                           register: try! PeopleRegister.parse(String(decoding: try! BookFile.readBytes(path: root + "/Content/leon-trotsky.people"), as: UTF8.self)))

    /// The search index, built once for every test (the runtime builds it in the background).
    static let search = BookSearch(book: book)
    /// The sources' metadata and links, built once (the runtime builds them in the background).
    static let catalog = SourceCatalog(book: book)

    /// The book open, its search index and sources' catalog in (`AppState(book:size:)` gives
    /// one still building them).
    static let dates = BookDates(book: book, catalog: catalog)

    /// The book open as the explorer has it once its background jobs are done.
    static func state(_ width: Int, _ height: Int) -> AppState {
        var state = AppState(book: book, size: Size(width: width, height: height), search: search, catalog: catalog)
        _ = reduce(&state, .datesReady(dates))
        return state
    }

    /// The book with a frozen copy of the register (`__Snapshots__/register.people`): golden
    /// screens show what the views do, and do not all change when the register gains a person.
    static let goldenBook = Book(document: book.document,
                                 register: try! PeopleRegister.parse(String(decoding: try! BookFile.readBytes(
                                     path: root + "/Tests/ExplorerTests/__Snapshots__/register.people"), as: UTF8.self)))

    static let goldenSearch = BookSearch(book: goldenBook)
    static let goldenCatalog = SourceCatalog(book: goldenBook)

    static let goldenDates = BookDates(book: goldenBook, catalog: goldenCatalog)

    static func goldenState(_ width: Int, _ height: Int) -> AppState {
        var state = AppState(book: goldenBook, size: Size(width: width, height: height), search: goldenSearch,
                             catalog: goldenCatalog)
        _ = reduce(&state, .datesReady(goldenDates))
        return state
    }
}

@discardableResult
func send(_ state: inout AppState, _ keys: Key...) -> [Effect] {
    var effects: [Effect] = []
    for key in keys { effects += reduce(&state, .input(.key(key))) }
    return effects
}

func typed(_ text: String) -> [Key] { text.map { Key.character($0) } }

/// The screen's rows as text (monochrome), below the title bar.
func screenRows(_ state: AppState) -> [String] {
    Array(render(state, theme: Theme(capability: .monochrome)).snapshot().components(separatedBy: "\n").dropFirst()
        .prefix(state.size.height))
}

/// Compares a rendered frame with `__Snapshots__/NAME.txt`. With ISKRA_RECORD=1 the file is
/// written instead (and the test still fails, so a recording is never mistaken for a pass).
func expectSnapshot(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let path = Fixtures.root + "/Tests/ExplorerTests/__Snapshots__/\(name).txt"
    let actual = buffer.snapshot()
    if ProcessInfo.processInfo.environment["ISKRA_RECORD"] == "1" {
        try? actual.write(toFile: path, atomically: true, encoding: .utf8)
        Issue.record("recorded snapshot \(name); run again without ISKRA_RECORD", sourceLocation: sourceLocation)
        return
    }
    guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
        Issue.record("missing snapshot \(name): run with ISKRA_RECORD=1 to record it", sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        try? actual.write(toFile: path + ".actual", atomically: true, encoding: .utf8)
        Issue.record("snapshot \(name) differs; see \(path).actual", sourceLocation: sourceLocation)
    }
}

/// Opens the card of the person named `name` from the People list, as a user would (`2`,
/// down to them, Enter). Returns their index.
@discardableResult
func openCard(_ state: inout AppState, of name: String) -> Int {
    let person = state.book.people.people.firstIndex { $0.name == name }!
    send(&state, .character("2"))
    while state.personList.selectedItem != person { send(&state, .down) }
    send(&state, .enter)
    return person
}

/// On a card: the cursor down past the Where and Named with rows, onto the first mention.
func downToTheMentions(_ state: inout AppState) {
    // Past the Where, Named with, In time and Sources written rows, to the first mention.
    while true {
        guard case .mention? = state.reader.lines[state.readerCursor!].target else {
            send(&state, .down)
            continue
        }
        return
    }
}
