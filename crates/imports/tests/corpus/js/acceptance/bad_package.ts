import leftPad from "left-padd-xyz";
