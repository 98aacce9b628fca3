import Testing
@testable import IskraCore

@Suite("Dates in source headers")
struct DateKeyTests {
    @Test func readsWhatTheTextStates() {
        #expect(DateKey("7th November, 1917") == DateKey(year: 1917, month: 11, day: 7))
        #expect(DateKey("August 28, 1940") == DateKey(year: 1940, month: 8, day: 28))
        #expect(DateKey("July, 1938") == DateKey(year: 1938, month: 7))
        #expect(DateKey("4th January 1918") == DateKey(year: 1918, month: 1, day: 4))
        #expect(DateKey("1930") == DateKey(year: 1930))
        // No year, no key: nothing is guessed.
        #expect(DateKey("November") == nil)
        #expect(DateKey("the 28th") == nil)
        // A number that is not a day is not taken for one.
        #expect(DateKey("Room 101, May 1937") == DateKey(year: 1937, month: 5))
    }

    @Test func lessPreciseDatesSortFirst() {
        let dates = ["7th November, 1917", "1917", "November, 1917", "2nd March, 1903"].compactMap(DateKey.init)
        #expect(dates.sorted() == [DateKey(year: 1903, month: 3, day: 2), DateKey(year: 1917),
                                   DateKey(year: 1917, month: 11), DateKey(year: 1917, month: 11, day: 7)])
    }

    @Test func everyDatedSourceOfTheBundledBookHasAKey() {
        let document = TestBook.document
        let dated = document.sources.filter { $0.date != nil }
        #expect(dated.count == 32)
        #expect(dated.allSatisfy { DateKey($0.date!) != nil })
    }
}
