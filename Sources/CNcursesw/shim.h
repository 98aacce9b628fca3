#ifndef ISKRA_CNCURSESW_SHIM_H
#define ISKRA_CNCURSESW_SHIM_H
// SwiftPM drops -D_XOPEN_SOURCE, which hides the wide-character API; ask for it here.
#define NCURSES_WIDECHAR 1
#include <ncursesw/ncurses.h>
#endif
