// Placeholder replaced below once the reference tables exist.
#include <gtest/gtest.h>
