// facecert-refdev: the reference face-recognition device (the simulated product under test).
#include "refdev_app.h"

int main(int argc, char** argv) { return facecert::refdev::run_refdev(argc, argv); }
