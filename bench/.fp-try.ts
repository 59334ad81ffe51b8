import { benchCheckFreshProcess, benchPlanFreshProcess } from "/work/main/bench/freshProcess";
benchCheckFreshProcess(1);
benchPlanFreshProcess(1);
