/** Every process below `root`, children before grandchildren; `root` itself is not included. */
export declare function descendantsOf(root: number): number[];
/** True while `pid` exists and is not a zombie. */
export declare function isRunning(pid: number): boolean;
