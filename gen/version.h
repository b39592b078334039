/* The generator's version: recorded in every document and manifest, and part
 * of what makes a rerun regenerate. */
#ifndef VERSION_H
#define VERSION_H

#define AG_VERSION "0.1.0"

#endif
